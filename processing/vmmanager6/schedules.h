// VMmanager 6 backup schedules (notes A18, schema §2.9): which exist, and which hosts they back
// up. Only `hosts` is ever written; the rest of a schedule belongs to the admin.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vmmanager6/api.h"

namespace pm::vmmanager6 {

struct Schedule {
  long long id = 0;
  std::string name;
  std::string type;  // daily, weekly, monthly
  std::optional<long long> day;       // of the month, 1–31 (monthly)
  std::optional<long long> week_day;  // 1 = Monday … 7 = Sunday (weekly)
  long long hour = 0;
  long long minute = 0;
  std::vector<long long> clusters;
  std::vector<long long> presets;  // bound to VM configurations: part of a tariff
  std::vector<long long> hosts;
};

std::vector<Schedule> ListSchedules(Api& api);
// Sets the schedule's hosts to `hosts` (POST /vm/v3/schedule/{id} with that field alone).
void SetScheduleHosts(Api& api, long long schedule, const std::vector<long long>& hosts);

}  // namespace pm::vmmanager6
