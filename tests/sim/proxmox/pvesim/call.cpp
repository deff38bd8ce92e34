#include "pvesim/call.h"

#include "pvesim/api_error.h"
#include "pvesim/auth.h"
#include "pvesim/text.h"

namespace pvesim {

std::string Call::Get(const std::string& name, const std::string& fallback) const {
  auto it = params.find(name);
  return it == params.end() ? fallback : it->second;
}

long long Call::Int(const std::string& name, long long fallback) const {
  auto it = params.find(name);
  return it == params.end() ? fallback : std::stoll(it->second);
}

bool Call::Flag(const std::string& name, bool fallback) const {
  auto it = params.find(name);
  return it == params.end() ? fallback : it->second == "1";
}

bool Call::Can(const std::string& acl_path, const std::string& priv) const {
  return HasPrivilege(core.state, user, acl_path, priv);
}

void Call::Require(const std::string& acl_path, const std::string& priv) const {
  RequirePrivilege(core.state, user, acl_path, priv);
}

void Call::RequireAny(const std::string& acl_path, const std::vector<std::string>& privs) const {
  RequireAnyPrivilege(core.state, user, acl_path, privs);
}

void Call::RequireRootFor(const std::string& name) const {
  if (Flag(name) && !IsRoot()) throw ParamError(name, "Only root may use this option.");
}

std::string Call::StartTask(TaskSpec spec) {
  spec.user = user;
  auto fault = core.faults.TakeForTask(spec.type, spec.id, method, path);
  return core.tasks.Start(std::move(spec), std::move(fault));
}

namespace {

bool IsParamSegment(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool MatchTemplate(const std::vector<std::string>& pattern, const std::vector<std::string>& parts,
                   std::map<std::string, std::string>& captured) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& segment = pattern[i];
    if (i >= parts.size()) return false;
    // The storage content subtree has no fragment delimiter: {volume} takes the rest.
    if (segment == "{volume}" && i + 1 == pattern.size()) {
      std::vector<std::string> rest(parts.begin() + static_cast<std::ptrdiff_t>(i), parts.end());
      captured["volume"] = Join(rest, "/");
      return !captured["volume"].empty();
    }
    if (IsParamSegment(segment)) {
      if (parts[i].empty()) return false;
      captured[segment.substr(1, segment.size() - 2)] = parts[i];
    } else if (segment != parts[i]) {
      return false;
    }
  }
  return pattern.size() == parts.size();
}

}  // namespace

const Route* MatchRoute(const std::string& method, const std::string& path,
                        std::map<std::string, std::string>& uri_params) {
  std::vector<std::string> parts = Split(path, '/');
  // Like Perl's split, ignore trailing empty segments ("/nodes/").
  while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
  for (const Route& route : Routes()) {
    if (route.method != method) continue;
    std::map<std::string, std::string> captured;
    if (MatchTemplate(Split(route.path, '/'), parts, captured)) {
      uri_params = std::move(captured);
      return &route;
    }
  }
  return nullptr;
}

}  // namespace pvesim
