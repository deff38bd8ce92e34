// Request handling in front of the handlers: request log, sleep and request faults, method
// and route lookup, authentication, the body's outer form.
#include <algorithm>

#include "simcommon/request_faults.h"
#include "simcommon/text.h"
#include "vm6sim/api.h"
#include "vm6sim/where.h"

namespace vm6sim {

namespace {

using simcommon::HttpRequest;
using simcommon::HttpResponse;

constexpr const char* kJsonType = "application/json";
constexpr const char* kAsleepPage =
    "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = [] {
    std::vector<Route> routes;
    AddAuthRoutes(routes);
    AddCatalogueRoutes(routes);
    AddHostRoutes(routes);
    AddScheduleRoutes(routes);
    AddTaskRoutes(routes);
    return routes;
  }();
  return kRoutes;
}

bool IsDigits(const std::string& text) {
  return !text.empty() && text.size() < 10 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool MatchPattern(const std::string& pattern, const std::string& path,
                  std::map<std::string, std::string>& params) {
  auto want = simcommon::Split(pattern, '/');
  auto have = simcommon::Split(path, '/');
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string& part = want[i];
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      std::string name = part.substr(1, part.size() - 2);
      if (have[i].empty() || (name == "id" && !IsDigits(have[i]))) return false;
      found[name] = have[i];
    } else if (part != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

HttpResponse ErrorResponse(const ApiError& error) {
  return JsonResponse(error.status(), error.Body());
}

HttpResponse Asleep() {
  HttpResponse response;
  response.status = 503;
  response.reason = "Service Temporarily Unavailable";
  response.content_type = "text/html";
  response.body = kAsleepPage;
  return response;
}

nlohmann::json ParseBody(const HttpRequest& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    throw ApiError(400, code::kNotAnObject, "PROXY-3005: Request body must be a JSON object");
  }
  return body;
}

Reply Answer(Core& core, const HttpRequest& request) {
  const std::string& method = request.method;
  if (method != "GET" && method != "POST" && method != "DELETE") {
    throw ApiError(405, code::kMethodNotAllowed, "Method " + method + " is not allowed",
                   {{"method", method}});
  }
  for (const auto& route : Routes()) {
    std::map<std::string, std::string> params;
    if (route.method != method || !MatchPattern(route.pattern, request.path, params)) continue;
    Call call{core, request, std::move(params), ParseQuery(request.query), nullptr, nullptr, ""};
    if (!route.is_public) call.caller = &Authenticate(core, request, call.token);
    if (method == "POST") call.body = ParseBody(request);
    return route.handler(call);
  }
  throw ApiError(404, code::kHandlerNotFound, "Request handler not found");
}

}  // namespace

void Call::RequireAdmin() const {
  if (!IsAdmin()) throw Forbidden();
}

int64_t Call::Id(const char* name) const {
  const std::string& text = params.at(name);
  if (!IsDigits(text)) throw InstanceNotFound(text);
  return std::stoll(text);
}

Host& Call::VisibleHost(int64_t id) {
  Host* host = simcommon::FindById(core.world.hosts, id);
  if (!host || (!IsAdmin() && host->account != caller->id)) throw InstanceNotFound(id);
  return *host;
}

HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = kJsonType;
  response.body = body.dump();
  return response;
}

HttpResponse HandleApiRequest(Core& core, const HttpRequest& request) {
  std::unique_lock<std::mutex> lock(core.mutex);
  // Never a body: passwords travel in them.
  core.requests.push_back(
      {{"method", request.method}, {"path", request.path}, {"query", request.query}});
  if (core.latency_ms > 0) core.SleepUnlocked(lock, std::chrono::milliseconds(core.latency_ms));
  if (core.faults.TakeAsleep()) return Asleep();
  // A status rule answers an error object instead of the request.
  auto answer = [](const nlohmann::json& rule) {
    int status = static_cast<int>(*simcommon::RuleInt(rule, "status"));
    int error_code = static_cast<int>(simcommon::RuleInt(rule, "code").value_or(0));
    std::string msg = simcommon::RuleString(rule, "msg");
    return ErrorResponse(ApiError(status, error_code ? error_code : code::kSimulatedFailure,
                                  msg.empty() ? "Simulated failure" : msg));
  };
  bool drop_after = false;
  auto faults = core.faults.TakeForRequest(request.method, request.path);
  if (auto faulted = simcommon::ApplyRequestFaults(core, lock, faults, answer, drop_after))
    return *faulted;
  HttpResponse response;
  try {
    Reply reply = Answer(core, request);
    response = JsonResponse(reply.status, reply.body);
  } catch (const ApiError& error) {
    response = ErrorResponse(error);
  } catch (const std::exception& error) {  // a bug in a handler: answer, do not crash
    response = ErrorResponse(ApiError(500, code::kSimulatedFailure,
                                      std::string("Internal simulator error: ") + error.what()));
  }
  core.changed.notify_all();
  response.drop = drop_after;
  return response;
}

}  // namespace vm6sim
