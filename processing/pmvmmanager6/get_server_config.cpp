// get_server_config: publish the cluster's OS templates as `ostempl` values and its backup
// schedules as values of the `backup_schedule` enumeration (contract §5, §10). Only what changed
// is sent to the panel.
#include "core/error.h"
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/os_templates.h"
#include "pmvmmanager6/schedule_labels.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/schedules.h"
#include "vps/enumeration.h"

namespace pm::pmvmmanager6 {
namespace {

// Schedules of the module's cluster that clients can buy: those bound to presets ("VM created by
// templates") are part of a tariff instead.
std::map<std::string, std::string> SellableSchedules(vmmanager6::Api& api, long module,
                                                     const vmmanager6::Cluster& cluster) {
  std::map<std::string, std::string> sellable;
  for (const auto& schedule : vmmanager6::ListSchedules(api)) {
    if (!schedule.presets.empty()) continue;
    if (std::find(schedule.clusters.begin(), schedule.clusters.end(), cluster.id) == schedule.clusters.end()) continue;
    sellable[ScheduleIntname(module, schedule.id)] = ScheduleLabel(cluster.name, schedule);
  }
  return sellable;
}

}  // namespace

core::Reply Vm6Module::GetServerConfig(core::Context& ctx) {
  long module = ctx.module().id;
  if (module <= 0) throw core::MissedError("processingmodule");
  Connection connection(ctx);
  const auto& cluster = connection.cluster();
  auto templates = OsTemplatesOn(vmmanager6::ListOs(connection.api()), cluster.id);
  auto schedules = SellableSchedules(connection.api(), module, cluster);

  auto published = vps::PublishOsTemplates(ctx.panel, ctx.state(), module, templates);
  auto enumerated = vps::PublishEnumeration(ctx.panel, {"backup_schedule", "Backup schedule"},
                                            ScheduleIntnamePrefix(module), schedules);
  core::Reply reply;
  vps::AddTo(reply, published);
  for (const auto& intname : enumerated.added) reply.Add("schedule_added", intname);
  for (const auto& intname : enumerated.renamed) reply.Add("schedule_renamed", intname);
  for (const auto& intname : enumerated.removed) reply.Add("schedule_removed", intname);
  return reply;
}

}  // namespace pm::pmvmmanager6
