// What a backup tick does for one VM (seed 004's algorithm, plus the rotation order choice).
// Pure: the current local time, the schedule, the VM's backups and the quota come in; a
// decision comes out. No clock is read here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backup/schedule.h"

namespace pm::backup {

struct LocalTime {
  int weekday = 0;  // 0 = Sunday
  int minute = 0;   // minute of the day
  std::string date; // "YYYY-MM-DD", names the day a scheduled backup belongs to
};

struct Backup {
  std::string id;       // opaque to the planner (the volid)
  std::int64_t ctime = 0;
  bool protected_copy = false;  // never rotated, never counted (as Proxmox's prune does)
};

enum class Rotation {
  Before,  // the seed's order: free a slot first, so the quota holds strictly
  After,   // delete the oldest only once the new backup succeeded: never lose a good copy
};

struct TickInput {
  LocalTime now;
  Schedule schedule;
  std::vector<Backup> backups;     // this VM's backups, any order
  int quota = 0;                   // backups kept; 0 = no backups
  Rotation rotation = Rotation::After;
  std::string last_scheduled_day;  // date of the newest scheduled backup job started
  bool busy = false;               // a backup/restore job of this VM is running
};

struct TickDecision {
  bool create = false;
  std::vector<std::string> delete_first;  // before creating (rotation Before)
  std::string reason;                     // why nothing is created, for the log
};

TickDecision PlanTick(const TickInput& input);

// Which backups to delete so that `keep` remain, oldest first; protected ones are neither
// deleted nor counted, and the newest backup is never deleted.
std::vector<std::string> RotationVictims(const std::vector<Backup>& backups, int keep);

}  // namespace pm::backup
