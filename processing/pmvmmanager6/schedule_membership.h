// Paid VMs only in backup schedules (contract §10): a service's host is in the schedule its
// `backup_schedule` addon names, when that is one of this module's, and in none of the module's
// other schedules. Only that host's membership is changed; the module's runs change a schedule's
// host list one at a time, so two services never undo each other's change.
#pragma once

#include <optional>

#include "core/module.h"
#include "vmmanager6/api.h"

namespace pm::pmvmmanager6 {

// The schedule the service's `backup_schedule` addon pays for; nullopt without the addon or for
// a value of another module. Error{value} for one of this module's values that names no schedule.
std::optional<long long> PaidSchedule(const core::Context& ctx);

// After open, resume and setparam.
void JoinPaidSchedule(core::Context& ctx, vmmanager6::Api& api, long long host);
// On suspend and close.
void LeaveSchedules(core::Context& ctx, vmmanager6::Api& api, long long host);

}  // namespace pm::pmvmmanager6
