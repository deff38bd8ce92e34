// The "Backup restored" mail to the service's owner (seed 004, contract §7). Best effort: a
// restore that worked is not undone by a relay that is down, so failures are only logged.
#pragma once

#include "core/log.h"
#include "core/service.h"

namespace pm::vps {

// `job` is the restore job's id, quoted in the mail for support.
void SendRestoredMail(const core::ModuleConfig& module, const core::Service& service, long job, core::Log& log);

}  // namespace pm::vps
