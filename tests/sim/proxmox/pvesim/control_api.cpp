// The /_sim control API: fault injection, state inspection, request log, clock, seeding VMs.
#include "pvesim/dispatch.h"
#include "pvesim/inspect.h"
#include "pvesim/node_outage.h"
#include "pvesim/seed.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {

HttpResponse Data(const nlohmann::json& data) { return JsonResponse(200, {{"data", data}}); }

nlohmann::json Body(const HttpRequest& request) {
  if (request.body.empty()) return nlohmann::json::object();
  try {
    return nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::exception&) {
    throw ApiError(400, "request body is not valid JSON");
  }
}

// stuck_lock, file_lock and node_offline act on the state at once; the other actions are rules.
void AddFault(SimCore& core, const nlohmann::json& rule) {
  std::string action = rule.is_object() ? rule.value("action", "") : "";
  if (action == "node_offline") return TakeNodeOffline(core, rule);
  if (action != "stuck_lock" && action != "file_lock") return core.faults.Add(rule);
  if (!rule.contains("vmid") || !rule["vmid"].is_number_integer()) {
    throw ApiError(400, "invalid fault rule: 'vmid' is required");
  }
  int vmid = rule["vmid"].get<int>();
  if (action == "file_lock") {
    double seconds = rule.value("seconds", 0.0);
    if (seconds <= 0) throw ApiError(400, "invalid fault rule: 'seconds' must be positive");
    core.locks.HoldUntil(LockTable::VmLock(vmid), core.clock.DeadlineAfter(seconds));
    return;
  }
  Vm* vm = core.state.FindVm(vmid);
  if (!vm)
    throw ApiError(400, "invalid fault rule: VM " + std::to_string(vmid) + " does not exist");
  std::string lock = rule.value("lock", "backup");
  vm->config["lock"] = lock;
  core.faults.RememberStuckLock(vmid, lock);
}

void ClearFaults(SimCore& core) {
  core.faults.Clear();
  core.locks.ReleaseFaultHolds();
  for (const auto& [vmid, lock] : core.faults.TakeStuckLocks()) {
    Vm* vm = core.state.FindVm(vmid);
    if (vm && vm->Lock() == lock) vm->config.erase("lock");
  }
  BringNodesBack(core);
  core.changed.notify_all();
}

nlohmann::json RequestLog(const SimCore& core) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [method, path] : core.requests)
    list.push_back({{"method", method}, {"path", path}});
  return {{"count", core.requests.size()}, {"requests", list}};
}

nlohmann::json ClockJson(const SimCore& core) {
  return {{"now", core.clock.Now()}, {"offset", core.clock.Offset()}};
}

HttpResponse RouteControl(SimCore& core, const HttpRequest& request) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  if (path == "/_sim/faults" && method == "POST") {
    nlohmann::json body = Body(request);
    for (const auto& rule : body.is_array() ? body : nlohmann::json::array({body}))
      AddFault(core, rule);
    core.changed.notify_all();
    return Data(core.faults.ToJson());
  }
  if (path == "/_sim/faults" && method == "GET") return Data(core.faults.ToJson());
  if (path == "/_sim/faults" && method == "DELETE") {
    ClearFaults(core);
    return Data(nullptr);
  }
  if (path == "/_sim/state" && method == "GET") return Data(StateJson(core));
  if (path == "/_sim/requests" && method == "GET") return Data(RequestLog(core));
  if (path == "/_sim/requests" && method == "DELETE") {
    core.requests.clear();
    return Data(nullptr);
  }
  if (path == "/_sim/clock" && method == "GET") return Data(ClockJson(core));
  if (path == "/_sim/clock" && method == "POST") {
    nlohmann::json body = Body(request);
    if (!body.is_object() || !body.contains("advance_seconds") ||
        !body["advance_seconds"].is_number()) {
      throw ApiError(400, "'advance_seconds' (a number) is required");
    }
    core.AdvanceClock(body["advance_seconds"].get<double>());
    return Data(ClockJson(core));
  }
  if (path == "/_sim/vms" && method == "POST") {
    nlohmann::json body = Body(request);
    try {
      AddVmFromJson(core.state, body, core.clock.Now());
    } catch (const std::invalid_argument& e) {
      throw ApiError(400, e.what());
    }
    return Data(VmJson(core.state.vms.at(body["vmid"].get<int>())));
  }
  throw ApiError(404, "no such control endpoint: " + method + " " + path);
}

}  // namespace

HttpResponse HandleControlRequest(SimCore& core, const HttpRequest& request) {
  std::lock_guard<std::mutex> guard(core.mutex);
  try {
    return RouteControl(core, request);
  } catch (const ApiError& error) {
    return ErrorResponse(error);
  } catch (const std::exception& error) {  // malformed rule fields, wrong JSON types
    return ErrorResponse(ApiError(400, error.what()));
  }
}

}  // namespace pvesim
