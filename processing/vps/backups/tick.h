// backup_tick (cron, every minute): for every processing module with backup work, queue the
// scheduled backups that are due (seed 004's algorithm in backup/planner), move every unfinished
// job on, and write the client's notes that are still owed to the storage. Ticks never overlap,
// never wait for a long task, and never move a job of a service while a command works on it.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "core/error.h"
#include "core/log.h"
#include "core/service_directory.h"
#include "core/state_files.h"
#include "vps/backups/driver.h"
#include "vps/backups/journal.h"

namespace pm::vps::backups {

struct TickSetup {
  core::ServiceDirectory& directory;
  core::StateFiles& files;
  core::Log& log;
  // Connects to a processing module's hypervisor.
  std::function<std::unique_ptr<BackupDriver>(const core::ModuleConfig&)> connect;
  // The hypervisor's exceptions as contract errors: connection failures and locks only delay a job.
  std::function<std::optional<core::Error>(const std::exception&)> translate;
  Clock now = SystemNow;
};

struct TickOutcome {
  bool skipped = false;  // another tick was running
  int modules_failed = 0;
};

TickOutcome RunTick(TickSetup& setup);

}  // namespace pm::vps::backups
