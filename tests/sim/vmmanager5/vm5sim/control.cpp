// What vm5-sim adds to the /_sim control API (simcommon/control_api.h): its state, hung
// installs ending with the faults, and expire_sessions. Bare JSON answers.
#include "vm5sim/api.h"
#include "vm5sim/views.h"

namespace vm5sim {

namespace {

using nlohmann::json;

json StateJson(Core& core) {
  double now = core.clock.Now();
  const World& world = core.world;
  json users = json::array();
  for (const auto& [id, user] : world.users) users.push_back(UserState(user));
  json vms = json::array();
  for (const auto& [id, vm] : world.vms) vms.push_back(VmState(world, vm, now));
  json ips = json::array();
  for (const auto& [id, ip] : world.ips)
    ips.push_back({{"id", id}, {"ip", IpText(ip.value)}, {"vm", ip.vm}});
  return {{"now", now},
          {"users", users},
          {"vms", vms},
          {"ips", ips},
          {"sessions", core.sessions.size()}};
}

}  // namespace

simcommon::ControlEndpoints ControlApi(Core& core) {
  simcommon::ControlEndpoints endpoints(core, core.faults, [&] {
    core.Progress();  // installs and power actions that are due show as done
    return StateJson(core);
  });
  endpoints.faults_cleared = [&] { core.ResumeHungInstalls(); };
  endpoints.acts_now["expire_sessions"] = simcommon::TakesNoFields([&] { core.sessions.clear(); });
  return endpoints;
}

}  // namespace vm5sim
