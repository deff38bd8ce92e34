#include "pmvmmanager6/schedule_labels.h"

#include <cstdio>

namespace pm::pmvmmanager6 {
namespace {

std::string Time(long long hour, long long minute) {
  char text[16];
  std::snprintf(text, sizeof text, "%02lld:%02lld", hour, minute);
  return text;
}

std::string WeekDay(long long day) {
  static const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  return day >= 1 && day <= 7 ? kDays[day - 1] : "day " + std::to_string(day);
}

}  // namespace

std::string ScheduleIntnamePrefix(long module) { return "vm6_" + std::to_string(module) + "_"; }

std::string ScheduleIntname(long module, long long schedule) {
  return ScheduleIntnamePrefix(module) + std::to_string(schedule);
}

std::string RunPeriod(const vmmanager6::Schedule& s) {
  std::string at = " at " + Time(s.hour, s.minute);
  if (s.type == "daily") return "Daily" + at;
  if (s.type == "weekly") return "Weekly on " + WeekDay(s.week_day.value_or(1)) + at;
  if (s.type == "monthly") return "Monthly on day " + std::to_string(s.day.value_or(1)) + at;
  return s.type + at;  // a kind this module does not know yet: say it as VMmanager does
}

std::string ScheduleLabel(const std::string& cluster, const vmmanager6::Schedule& schedule) {
  return "[Cluster " + cluster + "] " + (schedule.name.empty() ? RunPeriod(schedule) : schedule.name);
}

}  // namespace pm::pmvmmanager6
