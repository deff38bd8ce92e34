// The module's own lock on a VM: while a backup, restore or removal job of the service is
// unfinished, every other operation on the VM is refused with `locked` (the panel retries
// queued operations later). A job no tick has looked after for a while is stale (cron stopped,
// or the tick keeps crashing): it no longer blocks the service, and the log says so.
#pragma once

#include <cstdint>
#include <optional>

#include "core/log.h"
#include "pmproxmox/backup_journal.h"

namespace pm::pmproxmox {

constexpr std::int64_t kStaleJobAfter = 30 * 60;  // seconds without a tick looking at the job

bool IsStale(const BackupJob& job, std::int64_t now);

// The unfinished, not stale job that holds the service's VM, if any.
std::optional<BackupJob> HoldingJob(BackupJournal& journal, long item, core::Log& log);

// Error{locked} naming the job when one holds the VM.
void RequireNoBackupJob(BackupJournal& journal, long item, core::Log& log);

}  // namespace pm::pmproxmox
