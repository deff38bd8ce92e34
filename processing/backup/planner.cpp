#include "backup/planner.h"

#include <algorithm>

namespace pm::backup {

std::vector<std::string> RotationVictims(const std::vector<Backup>& backups, int keep) {
  std::vector<Backup> rotating;
  for (const auto& backup : backups) {
    if (!backup.protected_copy) rotating.push_back(backup);
  }
  std::sort(rotating.begin(), rotating.end(), [](const Backup& a, const Backup& b) { return a.ctime < b.ctime; });
  std::vector<std::string> victims;
  // Never the newest: it is the last good copy the client has.
  int excess = static_cast<int>(rotating.size()) - std::max(keep, 1);
  for (int i = 0; i < excess; ++i) victims.push_back(rotating[static_cast<size_t>(i)].id);
  return victims;
}

TickDecision PlanTick(const TickInput& input) {
  TickDecision decision;
  const DaySlot& today = input.schedule.days[static_cast<size_t>(input.now.weekday)];
  if (!today.enabled) {
    decision.reason = "today is not a backup day";
  } else if (input.now.minute < today.minute) {
    decision.reason = "today's backup time has not come yet";
  } else if (input.last_scheduled_day == input.now.date) {
    decision.reason = "today's scheduled backup already exists";
  } else if (input.quota <= 0) {
    decision.reason = "the service has no backup quota";
  } else if (input.busy) {
    decision.reason = "another backup or restore of this VM is running";
  } else {
    decision.create = true;
    if (input.rotation == Rotation::Before) decision.delete_first = RotationVictims(input.backups, input.quota - 1);
  }
  return decision;
}

}  // namespace pm::backup
