// The /_sim control API: fault rules, state, request log, clock. No authentication.
#include "vm6sim/api.h"
#include "vm6sim/views.h"

namespace vm6sim {

namespace {

using nlohmann::json;
using simcommon::HttpRequest;
using simcommon::HttpResponse;

struct ControlError : std::runtime_error {
  ControlError(int status, const std::string& msg) : std::runtime_error(msg), status(status) {}
  int status;
};

json Body(const HttpRequest& request) {
  if (request.body.empty()) return json::object();
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) throw ControlError(400, "request body is not valid JSON");
  return body;
}

json ClockJson(const Core& core) {
  double now = core.clock.Now();
  return {{"now", now}, {"now_text", FormatDate(now)}};
}

json StateJson(Core& core) {
  double now = core.clock.Now();
  const World& world = core.world;
  json accounts = json::array();
  for (const auto& [id, account] : world.accounts) {
    accounts.push_back(
        {{"id", id}, {"email", account.email}, {"roles", account.roles}, {"state", account.state}});
  }
  json hosts = json::array();
  for (const auto& [id, host] : world.hosts) hosts.push_back(HostDetail(core, host, now));
  json tasks = json::array();
  for (const auto& [id, task] : core.tasks) {
    json row = TaskRow(task);
    row["visible"] = task.visible_at <= now;
    row["after"] = task.after;
    tasks.push_back(row);
  }
  json schedules = json::array();
  for (const auto& [id, schedule] : world.schedules)
    schedules.push_back(ScheduleRow(schedule, now));
  json ips = json::array();
  for (const auto& [id, ip] : world.ips) {
    ips.push_back({{"id", id},
                   {"ip", IpText(ip.value)},
                   {"pool", ip.pool},
                   {"host", ip.host},
                   {"attached", ip.attached},
                   {"deleting", ip.deleting}});
  }
  json disks = json::array();
  for (const auto& [id, disk] : world.disks) {
    disks.push_back(
        {{"id", id},
         {"host", disk.host},
         {"size_mib", disk.size_mib},
         {"size_mib_new", disk.size_mib_new ? json(*disk.size_mib_new) : json(nullptr)}});
  }
  return {{"now", now},
          {"now_text", FormatDate(now)},
          {"accounts", accounts},
          {"hosts", hosts},
          {"tasks", tasks},
          {"schedules", schedules},
          {"ips", ips},
          {"disks", disks},
          {"tokens", core.tokens.size()},
          {"faults", core.faults.ToJson()}};
}

json RequestLog(const Core& core) {
  json list = json::array();
  for (const auto& record : core.requests)
    list.push_back({{"method", record.method}, {"path", record.path}, {"query", record.query}});
  return {{"count", core.requests.size()}, {"requests", list}};
}

void AddRule(Core& core, const json& rule) {
  if (rule.is_object() && rule.value("action", "") == "expire_tokens") {
    if (rule.size() != 1)
      throw ControlError(400, "invalid fault rule: expire_tokens takes no fields");
    core.tokens.clear();
    return;
  }
  try {
    core.faults.Add(rule);
  } catch (const std::invalid_argument& e) {
    throw ControlError(400, e.what());
  }
}

json RouteControl(Core& core, const HttpRequest& request) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  if (path == "/_sim/faults" && method == "POST") {
    json body = Body(request);
    for (const auto& rule : body.is_array() ? body : json::array({body})) AddRule(core, rule);
    core.changed.notify_all();
    return core.faults.ToJson();
  }
  if (path == "/_sim/faults" && method == "GET") return core.faults.ToJson();
  if (path == "/_sim/faults" && method == "DELETE") {
    core.faults.Clear();
    core.ResumeHungTasks();
    return json::object();
  }
  if (path == "/_sim/state" && method == "GET") return StateJson(core);
  if (path == "/_sim/requests" && method == "GET") return RequestLog(core);
  if (path == "/_sim/requests" && method == "DELETE") {
    core.requests.clear();
    return json::object();
  }
  if (path == "/_sim/clock" && method == "GET") return ClockJson(core);
  if (path == "/_sim/clock" && method == "POST") {
    json body = Body(request);
    if (!body.is_object() || !body.contains("advance_seconds") ||
        !body["advance_seconds"].is_number())
      throw ControlError(400, "'advance_seconds' (a number) is required");
    core.AdvanceClock(body["advance_seconds"].get<double>());
    return ClockJson(core);
  }
  throw ControlError(404, "no such control endpoint: " + method + " " + path);
}

}  // namespace

HttpResponse HandleControlRequest(Core& core, const HttpRequest& request) {
  std::lock_guard<std::mutex> guard(core.mutex);
  try {
    return JsonResponse(200, RouteControl(core, request));
  } catch (const ControlError& error) {
    return JsonResponse(error.status, {{"error", {{"code", error.status}, {"msg", error.what()}}}});
  } catch (const std::exception& error) {
    return JsonResponse(400, {{"error", {{"code", 400}, {"msg", error.what()}}}});
  }
}

}  // namespace vm6sim
