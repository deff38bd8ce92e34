// How the panel names VMmanager's backup schedules (contract §10): intname `vm6_<module>_<id>`,
// label `[Cluster <name>] <schedule name>`, or `[Cluster <name>] <run period>` for an unnamed one.
#pragma once

#include <string>

#include "vmmanager6/schedules.h"

namespace pm::pmvmmanager6 {

std::string ScheduleIntnamePrefix(long module);
std::string ScheduleIntname(long module, long long schedule);
// "Daily at 03:00", "Weekly on Wednesday at 04:30", "Monthly on day 5 at 04:30".
std::string RunPeriod(const vmmanager6::Schedule& schedule);
std::string ScheduleLabel(const std::string& cluster, const vmmanager6::Schedule& schedule);

}  // namespace pm::pmvmmanager6
