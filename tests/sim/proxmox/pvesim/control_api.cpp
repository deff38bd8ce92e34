// What pve-sim adds to the /_sim control API (simcommon/control_api.h): its state, the clock's
// offset, the faults that act on the state at once and what clearing undoes, and seeding VMs;
// answers in the {"data": ...} envelope, errors as PVE writes them.
#include "simcommon/control_api.h"

#include "pvesim/dispatch.h"
#include "pvesim/inspect.h"
#include "pvesim/node_outage.h"
#include "pvesim/seed.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {

HttpResponse Data(const nlohmann::json& data) { return JsonResponse(200, {{"data", data}}); }

// stuck_lock and file_lock act on the state at once (like node_offline), instead of being rules.
void HoldLock(SimCore& core, const nlohmann::json& rule) {
  std::string action = rule.value("action", "");
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

// What clearing the faults undoes besides the rules.
void FaultsCleared(SimCore& core) {
  core.locks.ReleaseFaultHolds();
  for (const auto& [vmid, lock] : core.faults.TakeStuckLocks()) {
    Vm* vm = core.state.FindVm(vmid);
    if (vm && vm->Lock() == lock) vm->config.erase("lock");
  }
  BringNodesBack(core);
}

// POST /_sim/vms: a VM added to the state as the seed's "vms" entries are.
std::optional<nlohmann::json> AddVm(SimCore& core, const HttpRequest& request) {
  if (request.path != "/_sim/vms" || request.method != "POST") return std::nullopt;
  nlohmann::json body = simcommon::ControlBody(request);
  try {
    AddVmFromJson(core.state, body, core.clock.Now());
  } catch (const std::invalid_argument& e) {
    throw ApiError(400, e.what());
  }
  return VmJson(core.state.vms.at(body["vmid"].get<int>()));
}

simcommon::ControlEndpoints Endpoints(SimCore& core) {
  simcommon::ControlEndpoints endpoints(core, core.faults, [&] { return StateJson(core); });
  endpoints.clock_fields = [&](nlohmann::json& clock) { clock["offset"] = core.clock.Offset(); };
  endpoints.faults_cleared = [&] { FaultsCleared(core); };
  endpoints.acts_now["node_offline"] = [&](const nlohmann::json& rule) {
    TakeNodeOffline(core, rule);
  };
  endpoints.acts_now["stuck_lock"] = [&](const nlohmann::json& rule) { HoldLock(core, rule); };
  endpoints.acts_now["file_lock"] = endpoints.acts_now["stuck_lock"];
  endpoints.more = [&](const HttpRequest& request) { return AddVm(core, request); };
  return endpoints;
}

}  // namespace

HttpResponse HandleControlRequest(SimCore& core, const HttpRequest& request) {
  try {
    return Data(simcommon::RouteControl(Endpoints(core), request));
  } catch (const simcommon::ControlError& error) {
    return ErrorResponse(ApiError(error.status, error.what()));
  } catch (const ApiError& error) {
    return ErrorResponse(error);
  } catch (const std::exception& error) {  // malformed rule fields, wrong JSON types
    return ErrorResponse(ApiError(400, error.what()));
  }
}

}  // namespace pvesim
