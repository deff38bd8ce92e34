#include "simcommon/control_api.h"

namespace simcommon {

namespace {

using nlohmann::json;

void AddFaults(const ControlEndpoints& endpoints, const json& body) {
  for (const auto& rule : body.is_array() ? body : json::array({body})) {
    std::string action = rule.is_object() ? rule.value("action", "") : "";
    auto act = endpoints.acts_now.find(action);
    if (act == endpoints.acts_now.end()) {
      endpoints.faults.Add(rule);
    } else {
      act->second(rule);
    }
  }
  endpoints.core.changed.notify_all();
}

void ClearFaults(const ControlEndpoints& endpoints) {
  endpoints.faults.Clear();
  if (endpoints.faults_cleared) endpoints.faults_cleared();
  endpoints.core.changed.notify_all();
}

json RequestLog(const CoreBase& core) {
  return {{"count", core.requests.size()}, {"requests", core.requests}};
}

json Clock(const ControlEndpoints& endpoints) {
  json clock = {{"now", endpoints.core.clock.Now()}};
  if (endpoints.clock_fields) endpoints.clock_fields(clock);
  return clock;
}

json AdvanceClock(const ControlEndpoints& endpoints, const HttpRequest& request) {
  json body = ControlBody(request);
  if (!body.is_object() || !body.contains("advance_seconds") ||
      !body["advance_seconds"].is_number())
    throw ControlError(400, "'advance_seconds' (a number) is required");
  endpoints.core.AdvanceClock(body["advance_seconds"].get<double>());
  return Clock(endpoints);
}

HttpResponse JsonAnswer(int status, const json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump();
  return response;
}

HttpResponse ErrorAnswer(int status, const std::string& msg) {
  return JsonAnswer(status, {{"error", {{"code", status}, {"msg", msg}}}});
}

}  // namespace

json ControlBody(const HttpRequest& request) {
  if (request.body.empty()) return json::object();
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) throw ControlError(400, "request body is not valid JSON");
  return body;
}

std::function<void(const json& rule)> TakesNoFields(std::function<void()> act) {
  return [act = std::move(act)](const json& rule) {
    if (rule.size() != 1)
      throw ControlError(400,
                         "invalid fault rule: " + rule.value("action", "") + " takes no fields");
    act();
  };
}

json RouteControl(const ControlEndpoints& endpoints, const HttpRequest& request) {
  std::lock_guard<std::mutex> guard(endpoints.core.mutex);
  const std::string& path = request.path;
  const std::string& method = request.method;
  if (path == "/_sim/faults" && method == "POST") {
    AddFaults(endpoints, ControlBody(request));
    return endpoints.faults.ToJson();
  }
  if (path == "/_sim/faults" && method == "GET") return endpoints.faults.ToJson();
  if (path == "/_sim/faults" && method == "DELETE") {
    ClearFaults(endpoints);
    return nullptr;
  }
  if (path == "/_sim/state" && method == "GET") {
    json state = endpoints.state();
    state["faults"] = endpoints.faults.ToJson();
    return state;
  }
  if (path == "/_sim/requests" && method == "GET") return RequestLog(endpoints.core);
  if (path == "/_sim/requests" && method == "DELETE") {
    endpoints.core.requests.clear();
    return nullptr;
  }
  if (path == "/_sim/clock" && method == "GET") return Clock(endpoints);
  if (path == "/_sim/clock" && method == "POST") return AdvanceClock(endpoints, request);
  if (endpoints.more) {
    if (auto answer = endpoints.more(request)) return *answer;
  }
  throw ControlError(404, "no such control endpoint: " + method + " " + path);
}

HttpResponse BareControlAnswer(const ControlEndpoints& endpoints, const HttpRequest& request) {
  try {
    json answer = RouteControl(endpoints, request);
    return JsonAnswer(200, answer.is_null() ? json::object() : answer);
  } catch (const ControlError& error) {
    return ErrorAnswer(error.status, error.what());
  } catch (const std::exception& error) {  // malformed rule fields, wrong JSON types
    return ErrorAnswer(400, error.what());
  }
}

json BareControlResult(const HttpResponse& response) {
  json parsed = json::parse(response.body);
  if (response.status != 200)
    throw std::invalid_argument(parsed["error"]["msg"].get<std::string>());
  return parsed;
}

}  // namespace simcommon
