// The "Backup restored" mail to the service's owner (seed 004, contract §7). Best effort: a
// restore that worked is not undone by a relay that is down, so failures are only logged.
#pragma once

#include "core/log.h"
#include "core/service.h"
#include "pmproxmox/backup_journal.h"

namespace pm::pmproxmox {

void SendRestoredMail(const core::ModuleConfig& module, const core::Service& service, const BackupJob& job,
                      core::Log& log);

}  // namespace pm::pmproxmox
