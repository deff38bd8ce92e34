#include "pvesim/dispatch.h"

#include "pvesim/call.h"
#include "pvesim/params.h"
#include "pvesim/text.h"
#include "simcommon/request_faults.h"

namespace pvesim {

namespace {

constexpr const char* kApiBase = "/api2/json";
constexpr const char* kJsonType = "application/json;charset=UTF-8";
constexpr double kUnauthorizedDelay = 3;  // pveproxy delays every 401 by 3 s

struct AuthResult {
  std::string user;
  bool token = false;
  std::optional<std::string> failure;
};

// PVE::HTTPServer::auth_handler.
AuthResult Authenticate(SimCore& core, const HttpRequest& request, const std::string& method,
                        const std::string& path) {
  AuthResult result;
  auto ticket = ExtractAuthValue(request.Header("Cookie"), "PVEAuthCookie");
  if (!ticket) ticket = ExtractAuthValue(request.Header("Authorization"), "PVEAuthCookie");
  std::optional<std::string> api_token;
  if (!ticket) api_token = ExtractAuthValue(request.Header("Authorization"), "PVEAPIToken");
  result.token = api_token.has_value();
  bool public_call = path == "/access/ticket" && (method == "GET" || method == "POST");
  if (public_call) return result;
  int64_t now = core.clock.NowSeconds();
  if (api_token) {
    auto tokenid = VerifyApiToken(core.state, *api_token, now);
    if (!tokenid) result.failure = "Authentication failed!";
    result.user = tokenid.value_or("");
    return result;
  }
  if (!ticket) {
    result.failure = "No ticket";
    return result;
  }
  auto user = core.signer.VerifyTicket(*ticket, now);
  if (!user || !UserEnabled(core.state, *user)) {
    result.failure = "Authentication failed!";
    return result;
  }
  result.user = *user;
  if (method != "GET" &&
      !core.signer.VerifyCsrfToken(*user, request.Header("CSRFPreventionToken"), now)) {
    result.failure = "Permission denied - invalid csrf token";
  }
  return result;
}

// PVE::APIServer::AnyEvent::decode_urlencoded: a key without a value is left out, a repeated
// key becomes a list, and a value stops at a second '='.
void DecodeForm(const std::string& text, RawParams& params) {
  std::map<std::string, int> seen;
  for (const std::string& pair : Split(text, '&')) {
    for (const std::string& item : Split(pair, ';')) {
      if (item.empty()) continue;
      auto fields = Split(item, '=');
      if (fields.size() < 2 || fields[1].empty()) continue;
      std::string key = PercentDecode(fields[0], true);
      RawValue& value = params[key];
      value.text = PercentDecode(fields[1], true);
      if (++seen[key] > 1) value.kind = RawValue::Kind::kArray;
    }
  }
}

RawValue FromJson(const nlohmann::json& value) {
  RawValue raw;
  if (value.is_boolean()) {
    raw.kind = RawValue::Kind::kBool;
    raw.text = value.get<bool>() ? "1" : "0";
  } else if (value.is_array()) {
    raw.kind = RawValue::Kind::kArray;
  } else if (value.is_object()) {
    raw.kind = RawValue::Kind::kObject;
  } else if (value.is_number_float()) {
    raw.text = NumberText(value.get<double>());
  } else if (value.is_number()) {
    raw.text = value.dump();
  } else {
    raw.text = value.get<std::string>();
  }
  return raw;
}

// extract_params: the body (JSON or form) for POST/PUT, then the query string on top.
RawParams ExtractParams(const HttpRequest& request) {
  RawParams params;
  if (request.method == "POST" || request.method == "PUT") {
    std::string type = Trim(Split(Split(request.Header("Content-Type"), ';')[0], ',')[0]);
    if (type == "application/json") {
      nlohmann::json body = nlohmann::json::parse(request.body.empty() ? "{}" : request.body);
      if (!body.is_object()) throw ApiError(500, "Not a HASH reference");
      for (const auto& [key, value] : body.items()) {
        if (!value.is_null()) params[key] = FromJson(value);
      }
    } else {
      DecodeForm(request.body, params);
    }
  }
  RawParams query;
  DecodeForm(request.query, query);
  for (auto& [key, value] : query) params[key] = value;
  params.erase("_dc");  // the GUI's cache buster
  return params;
}

std::string Substitute(std::string path, const std::map<std::string, std::string>& uri) {
  for (const auto& [name, value] : uri) {
    std::string placeholder = "{" + name + "}";
    for (auto at = path.find(placeholder); at != std::string::npos; at = path.find(placeholder)) {
      path.replace(at, placeholder.size(), value);
    }
  }
  return path;
}

void CheckPermission(const SimCore& core, const Route& route, const std::string& user,
                     const std::map<std::string, std::string>& uri) {
  if (!route.permission) return;
  std::string acl_path = Substitute(route.permission->path, uri);
  if (route.permission->any) {
    RequireAnyPrivilege(core.state, user, acl_path, route.permission->privs);
  } else {
    for (const std::string& priv : route.permission->privs) {
      RequirePrivilege(core.state, user, acl_path, priv);
    }
  }
}

// Calls for /nodes/{node}/... are proxied to that node by pveproxy. When it cannot connect,
// AnyEvent::HTTP hands back the pseudo status 595 with the connect error as reason and no body,
// which pveproxy passes on (proxy_request).
std::optional<HttpResponse> ResolveNode(SimCore& core, std::unique_lock<std::mutex>& lock,
                                        const std::map<std::string, std::string>& uri) {
  auto node = uri.find("node");
  if (node == uri.end()) return std::nullopt;
  const Node* info = core.state.FindNode(node->second);
  if (!info) throw Fail("no such cluster node '" + node->second + "'");
  if (info->online) return std::nullopt;
  std::string reason = info->unreachable;
  core.SleepUnlocked(lock, core.clock.RealDuration(info->unreachable_after));
  return BareError(595, reason);
}

// PVE::HTTPServer::rest_handler.
HttpResponse RestHandler(SimCore& core, std::unique_lock<std::mutex>& lock,
                         const HttpRequest& request, const std::string& path,
                         const AuthResult& auth, RawParams raw) {
  std::map<std::string, std::string> uri;
  const Route* route = MatchRoute(request.method, path, uri);
  if (!route) {
    return JsonResponse(
        501, {{"data", nullptr},
              {"message", "Method '" + request.method + " " + path + "' not implemented"}});
  }
  for (const auto& [name, value] : uri) {
    auto given = raw.find(name);
    if (given != raw.end() && given->second.text != value) {
      throw ParamError(name,
                       "duplicate parameter (already defined in URI) with conflicting values!");
    }
    raw[name] = RawValue{RawValue::Kind::kScalar, value};
  }
  if (auth.token && !route->allow_token) {
    throw PermissionError("URI '" + path + "' not available with API token, need proper ticket.\n");
  }
  CheckPermission(core, *route, auth.user, uri);
  if (auto unreachable = ResolveNode(core, lock, uri)) return *unreachable;
  Call call{core,
            lock,
            *route,
            request.method,
            request.path,
            auth.user,
            ValidateParams(route->params, raw),
            std::nullopt};
  nlohmann::json data = route->handler(call);
  nlohmann::json body = {{"data", data}};
  if (call.total) body["total"] = *call.total;
  return JsonResponse(200, body);
}

// A status rule answers PVE's error with its `message`, or a bare status line without one.
HttpResponse FaultAnswer(const nlohmann::json& rule) {
  int status = static_cast<int>(*simcommon::RuleInt(rule, "status"));
  std::string message = simcommon::RuleString(rule, "message");
  if (message.empty()) return BareError(status, "");
  return ErrorResponse(ApiError(status, message));
}

bool HasBody(const HttpRequest& request) {
  std::string length = request.Header("Content-Length");
  return !request.body.empty() || (!length.empty() && length != "0");
}

// pveproxy's handle_request and handle_api2_request, after the request faults.
HttpResponse Answer(SimCore& core, std::unique_lock<std::mutex>& lock, const HttpRequest& request) {
  std::string base = kApiBase;
  if (request.path.compare(0, base.size() + 1, base + "/") != 0) {
    return TextError(501, "no such uri");
  }
  std::string path = request.path.substr(base.size());
  AuthResult auth = Authenticate(core, request, request.method, path);
  if (auth.failure) {
    core.SleepUnlocked(lock, core.clock.RealDuration(kUnauthorizedDelay));
    return BareError(401, *auth.failure);
  }
  if (request.method != "POST" && request.method != "PUT" && HasBody(request)) {
    return TextError(501, "Unexpected content for method '" + request.method + "'");
  }
  HttpResponse response;
  try {
    response = RestHandler(core, lock, request, path, auth, ExtractParams(request));
  } catch (const ApiError& error) {
    response = ErrorResponse(error);
  } catch (const nlohmann::json::exception& error) {
    response = TextError(500, std::string("malformed JSON string: ") + error.what());
  } catch (const std::exception& error) {
    response = ErrorResponse(Fail(Trim(error.what())));  // a plain die in a handler
  }
  if (response.status == 401) {
    core.SleepUnlocked(lock, core.clock.RealDuration(kUnauthorizedDelay));
  }
  return response;
}

}  // namespace

HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = kJsonType;
  response.body = body.dump();
  if (body.contains("message") && body["message"].is_string()) {
    response.reason = FirstLine(body["message"].get<std::string>());
  }
  return response;
}

HttpResponse ErrorResponse(const ApiError& error) {
  nlohmann::json body = {{"data", nullptr}, {"message", std::string(error.what()) + "\n"}};
  if (!error.errors().empty()) {
    body["errors"] = nlohmann::json::object();
    for (const auto& [key, reason] : error.errors()) body["errors"][key] = reason;
  }
  return JsonResponse(error.status(), body);
}

HttpResponse BareError(int status, const std::string& message) {
  HttpResponse response;
  response.status = status;
  response.reason = FirstLine(message);
  return response;
}

HttpResponse TextError(int status, const std::string& message) {
  HttpResponse response = BareError(status, message);
  response.body = message;
  return response;
}

HttpResponse HandleApiRequest(SimCore& core, const HttpRequest& request) {
  std::unique_lock<std::mutex> lock(core.mutex);
  core.requests.push_back({{"method", request.method}, {"path", request.path}});
  if (core.latency_ms > 0) core.SleepUnlocked(lock, std::chrono::milliseconds(core.latency_ms));
  bool drop_after = false;
  auto faults = core.faults.TakeForRequest(request.method, request.path);
  if (auto faulted = simcommon::ApplyRequestFaults(core, lock, faults, FaultAnswer, drop_after))
    return *faulted;
  HttpResponse response = Answer(core, lock, request);
  response.drop = drop_after;
  return response;
}

}  // namespace pvesim
