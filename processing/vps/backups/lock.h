// The module's own lock on a VM: while a backup or restore job of the service is unfinished,
// every other operation on the VM is refused with `locked` (the panel retries queued operations
// later). A job no tick has looked after for a while is stale (cron stopped, or the tick keeps
// crashing): it no longer blocks the service, and the log says so. The other direction, a job
// not starting while a command works on the VM, is core/item_lock.h.
#pragma once

#include <cstdint>
#include <optional>

#include "core/log.h"
#include "vps/backups/journal.h"

namespace pm::vps::backups {

constexpr std::int64_t kStaleJobAfter = 30 * 60;  // seconds without a tick looking at the job

bool IsStale(const BackupJob& job, std::int64_t now);

// The unfinished, not stale job that holds the service's VM, if any.
std::optional<BackupJob> HoldingJob(BackupJournal& journal, long item, core::Log& log);

// Error{locked} naming the job when one holds the VM.
void RequireNoBackupJob(BackupJournal& journal, long item, core::Log& log);

}  // namespace pm::vps::backups
