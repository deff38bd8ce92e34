#include "pmvmmanager6/schedule_membership.h"

#include <algorithm>

#include "common/numbers.h"
#include "core/error.h"
#include "core/item_lock.h"
#include "core/state_files.h"
#include "pmvmmanager6/schedule_labels.h"
#include "vmmanager6/schedules.h"

namespace pm::pmvmmanager6 {
namespace {

constexpr std::chrono::seconds kSchedulePatience{60};

}  // namespace

std::optional<long long> PaidSchedule(const core::Context& ctx) {
  auto choice = ctx.item().Choice("backup_schedule");
  std::string prefix = ScheduleIntnamePrefix(ctx.module().id);
  if (!choice || choice->compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  auto id = common::ParseWhole(choice->substr(prefix.size()), 1, 1LL << 62);
  if (!id) throw core::ValueError("backup_schedule", "'" + *choice + "' names no backup schedule of this module");
  return id;
}

namespace {

void Place(core::Context& ctx, vmmanager6::Api& api, long long host, std::optional<long long> paid) {
  // One module run at a time edits the module's schedules: each sends a whole host list.
  auto lock = core::ItemLock::Acquire(core::ItemLockPathOf(ctx.files.PathOf(ctx.module()) + ".schedules"), 0,
                                      kSchedulePatience);
  for (const auto& schedule : vmmanager6::ListSchedules(api)) {
    if (!schedule.presets.empty()) continue;
    auto hosts = schedule.hosts;
    bool in = std::find(hosts.begin(), hosts.end(), host) != hosts.end();
    bool wanted = paid && *paid == schedule.id;
    if (in == wanted) continue;
    if (wanted) {
      hosts.push_back(host);
    } else {
      hosts.erase(std::remove(hosts.begin(), hosts.end(), host), hosts.end());
    }
    vmmanager6::SetScheduleHosts(api, schedule.id, hosts);
    ctx.log.Info(std::string(wanted ? "added host " : "removed host ") + std::to_string(host) +
                 (wanted ? " to" : " from") + " backup schedule " + std::to_string(schedule.id));
  }
}

}  // namespace

void JoinPaidSchedule(core::Context& ctx, vmmanager6::Api& api, long long host) {
  Place(ctx, api, host, PaidSchedule(ctx));
}

void LeaveSchedules(core::Context& ctx, vmmanager6::Api& api, long long host) { Place(ctx, api, host, std::nullopt); }

}  // namespace pm::pmvmmanager6
