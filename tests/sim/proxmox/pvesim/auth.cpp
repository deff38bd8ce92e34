#include "pvesim/auth.h"

#include <cstdio>
#include <regex>

#include "pvesim/api_error.h"
#include "pvesim/crypto.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {

constexpr int64_t kTicketLifetime = 2 * 3600;
constexpr int64_t kGracePeriod = 300;

std::string HexTime(int64_t now) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08X", static_cast<unsigned>(now));
  return buf;
}

bool FreshEnough(const std::string& hex_time, int64_t now) {
  int64_t age = now - static_cast<int64_t>(std::stoul(hex_time, nullptr, 16));
  return age > -kGracePeriod && age < kTicketLifetime;
}

const User* FindUser(const State& state, const std::string& userid) {
  auto it = state.users.find(userid);
  return it == state.users.end() ? nullptr : &it->second;
}

bool PathCovers(const std::string& acl_path, const std::string& path) {
  if (acl_path == "/" || acl_path == path) return true;
  return path.size() > acl_path.size() && path.compare(0, acl_path.size(), acl_path) == 0 &&
         path[acl_path.size()] == '/';
}

std::set<std::string> AclPrivileges(const std::map<std::string, std::set<std::string>>& acl,
                                    const std::string& path) {
  std::set<std::string> privs;
  for (const auto& [acl_path, granted] : acl) {
    if (PathCovers(acl_path, path)) privs.insert(granted.begin(), granted.end());
  }
  return privs;
}

}  // namespace

const std::vector<std::string>& AllPrivileges() {
  static const std::vector<std::string> privs = {"Datastore.Allocate",
                                                 "Datastore.AllocateSpace",
                                                 "Datastore.AllocateTemplate",
                                                 "Datastore.Audit",
                                                 "Group.Allocate",
                                                 "Mapping.Audit",
                                                 "Mapping.Modify",
                                                 "Mapping.Use",
                                                 "Permissions.Modify",
                                                 "Pool.Allocate",
                                                 "Pool.Audit",
                                                 "Realm.Allocate",
                                                 "Realm.AllocateUser",
                                                 "SDN.Allocate",
                                                 "SDN.Audit",
                                                 "SDN.Use",
                                                 "Sys.AccessNetwork",
                                                 "Sys.Audit",
                                                 "Sys.Console",
                                                 "Sys.Incoming",
                                                 "Sys.Modify",
                                                 "Sys.PowerMgmt",
                                                 "Sys.Syslog",
                                                 "User.Modify",
                                                 "VM.Allocate",
                                                 "VM.Audit",
                                                 "VM.Backup",
                                                 "VM.Clone",
                                                 "VM.Config.CDROM",
                                                 "VM.Config.CPU",
                                                 "VM.Config.Cloudinit",
                                                 "VM.Config.Disk",
                                                 "VM.Config.HWType",
                                                 "VM.Config.Memory",
                                                 "VM.Config.Network",
                                                 "VM.Config.Options",
                                                 "VM.Console",
                                                 "VM.GuestAgent.Audit",
                                                 "VM.GuestAgent.FileRead",
                                                 "VM.GuestAgent.FileSystemMgmt",
                                                 "VM.GuestAgent.FileWrite",
                                                 "VM.GuestAgent.Unrestricted",
                                                 "VM.Migrate",
                                                 "VM.PowerMgmt",
                                                 "VM.Replicate",
                                                 "VM.Snapshot",
                                                 "VM.Snapshot.Rollback"};
  return privs;
}

TicketSigner::TicketSigner() : secret_(RandomSecret(32)) {}

std::string TicketSigner::IssueTicket(const std::string& userid, int64_t now) const {
  // PVE::Ticket::assemble_rsa_ticket escapes ':' in the data part.
  std::string data;
  for (char c : userid) data += c == ':' ? std::string("%3A") : std::string(1, c);
  std::string plain = "PVE:" + data + ":" + HexTime(now);
  return plain + "::" + HmacSha256Base64(secret_, plain);
}

std::optional<std::string> TicketSigner::VerifyTicket(const std::string& ticket,
                                                      int64_t now) const {
  static const std::regex shape(R"(^(PVE:\S+)::([^:\s]+)$)");
  static const std::regex plain_shape(R"(^PVE:(\S+):([A-Z0-9]{8})$)");
  std::smatch match;
  if (!std::regex_match(ticket, match, shape)) return std::nullopt;
  std::string plain = match[1].str();
  if (HmacSha256Base64(secret_, plain) != match[2].str()) return std::nullopt;
  std::smatch parts;
  if (!std::regex_match(plain, parts, plain_shape)) return std::nullopt;
  if (!FreshEnough(parts[2].str(), now)) return std::nullopt;
  return PercentDecode(parts[1].str(), false);
}

std::string TicketSigner::IssueCsrfToken(const std::string& userid, int64_t now) const {
  std::string stamp = HexTime(now);
  return stamp + ":" + HmacSha256Base64(secret_, stamp + ":" + userid);
}

bool TicketSigner::VerifyCsrfToken(const std::string& userid, const std::string& token,
                                   int64_t now) const {
  static const std::regex shape(R"(^([A-Z0-9]{8}):(\S+)$)");
  std::smatch match;
  if (!std::regex_match(token, match, shape)) return false;
  std::string stamp = match[1].str();
  return HmacSha256Base64(secret_, stamp + ":" + userid) == match[2].str() &&
         FreshEnough(stamp, now);
}

std::optional<std::string> ExtractAuthValue(const std::string& header, const std::string& key) {
  std::regex pattern("(?:^|\\s)" +
                     std::regex_replace(key, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                     "(?:=| )([^;]*)");
  std::smatch match;
  if (!std::regex_search(header, match, pattern) || match[1].str().empty()) return std::nullopt;
  return PercentDecode(match[1].str(), false);
}

bool CheckPassword(const State& state, const std::string& userid, const std::string& password) {
  const User* user = FindUser(state, userid);
  return user && user->enabled && !user->password.empty() && user->password == password;
}

bool UserEnabled(const State& state, const std::string& userid) {
  const User* user = FindUser(state, userid);
  return user && user->enabled;
}

std::optional<std::string> VerifyApiToken(const State& state, const std::string& value,
                                          int64_t now) {
  // PVE::AccessControl::verify_token splits at the last '='.
  auto equals = value.rfind('=');
  if (equals == std::string::npos) return std::nullopt;
  std::string tokenid = value.substr(0, equals);
  std::string secret = value.substr(equals + 1);
  auto bang = tokenid.find('!');
  if (bang == std::string::npos) return std::nullopt;
  const User* user = FindUser(state, tokenid.substr(0, bang));
  if (!user || !user->enabled) return std::nullopt;
  auto token = user->tokens.find(tokenid.substr(bang + 1));
  if (token == user->tokens.end()) return std::nullopt;
  if (token->second.expire && token->second.expire < now) return std::nullopt;
  if (token->second.secret != secret) return std::nullopt;
  return tokenid;
}

std::set<std::string> Privileges(const State& state, const std::string& authid,
                                 const std::string& path) {
  if (authid == "root@pam") {
    return std::set<std::string>(AllPrivileges().begin(), AllPrivileges().end());
  }
  auto bang = authid.find('!');
  const User* user = FindUser(state, authid.substr(0, bang));
  if (!user || !user->enabled) return {};
  std::set<std::string> privs = AclPrivileges(user->acl, path);
  if (bang == std::string::npos) return privs;
  auto token = user->tokens.find(authid.substr(bang + 1));
  if (token == user->tokens.end()) return {};
  if (!token->second.privsep) return privs;
  // Privilege-separated tokens get the intersection of user and token ACLs.
  std::set<std::string> token_privs = AclPrivileges(token->second.acl, path);
  std::set<std::string> both;
  for (const std::string& priv : privs) {
    if (token_privs.count(priv)) both.insert(priv);
  }
  return both;
}

bool HasPrivilege(const State& state, const std::string& authid, const std::string& path,
                  const std::string& priv) {
  return Privileges(state, authid, path).count(priv) > 0;
}

void RequirePrivilege(const State& state, const std::string& authid, const std::string& path,
                      const std::string& priv) {
  if (!HasPrivilege(state, authid, path, priv)) throw PermissionError(path + ", " + priv);
}

void RequireAnyPrivilege(const State& state, const std::string& authid, const std::string& path,
                         const std::vector<std::string>& privs) {
  std::set<std::string> granted = Privileges(state, authid, path);
  for (const std::string& priv : privs) {
    if (granted.count(priv)) return;
  }
  throw PermissionError(path, privs);
}

}  // namespace pvesim
