#include "vmmanager6/schedules.h"

#include "vmmanager6/fields.h"

namespace pm::vmmanager6 {

std::vector<Schedule> ListSchedules(Api& api) {
  std::vector<Schedule> schedules;
  for (const auto& row : ListOf(api.Get("/vm/v3/schedule"), "schedule")) {
    Schedule schedule;
    schedule.id = Id(row, "id");
    schedule.name = Text(row, "name");
    schedule.type = Text(row, "type");
    if (row.contains("start_time") && row["start_time"].is_object()) {
      const auto& start = row["start_time"];
      schedule.day = OptId(start, "day");
      schedule.week_day = OptId(start, "week_day");
      schedule.hour = OptId(start, "hour").value_or(0);
      schedule.minute = OptId(start, "minute").value_or(0);
    }
    schedule.clusters = Ids(row, "clusters");
    schedule.presets = Ids(row, "presets");
    schedule.hosts = Ids(row, "hosts");
    schedules.push_back(std::move(schedule));
  }
  return schedules;
}

void SetScheduleHosts(Api& api, long long schedule, const std::vector<long long>& hosts) {
  api.Post("/vm/v3/schedule/" + std::to_string(schedule), {{"hosts", hosts}});
}

}  // namespace pm::vmmanager6
