// What vm6-sim adds to the /_sim control API (simcommon/control_api.h): its state, the clock's
// now_text, hung tasks finishing with the faults, and expire_tokens. Bare JSON answers.
#include "vm6sim/api.h"
#include "vm6sim/views.h"

namespace vm6sim {

namespace {

using nlohmann::json;

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
          {"tokens", core.tokens.size()}};
}

}  // namespace

simcommon::ControlEndpoints ControlApi(Core& core) {
  simcommon::ControlEndpoints endpoints(core, core.faults, [&] { return StateJson(core); });
  endpoints.clock_fields = [](json& clock) {
    clock["now_text"] = FormatDate(clock["now"].get<double>());
  };
  endpoints.faults_cleared = [&] { core.ResumeHungTasks(); };
  endpoints.acts_now["expire_tokens"] = simcommon::TakesNoFields([&] { core.tokens.clear(); });
  return endpoints;
}

}  // namespace vm6sim
