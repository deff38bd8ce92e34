#include "backup/schedule.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "common/numbers.h"

namespace pm::backup {

bool Schedule::Any() const {
  for (const auto& day : days) {
    if (day.enabled) return true;
  }
  return false;
}

std::optional<int> ParseTime(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto hours = common::ParseWhole(text.substr(0, 2), 0, 23);
  auto minutes = common::ParseWhole(text.substr(3, 2), 0, 59);
  if (!hours || !minutes) return std::nullopt;
  return static_cast<int>(*hours * 60 + *minutes);
}

std::string FormatTime(int minute) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", (minute / 60) % 24, minute % 60);
  return text;
}

std::string Schedule::Format() const {
  std::string text;
  for (size_t day = 0; day < days.size(); ++day) {
    if (!text.empty()) text += ',';
    text += std::string(kDayNames[day]) + (days[day].enabled ? "=on@" : "=off@") + FormatTime(days[day].minute);
  }
  return text;
}

Schedule Schedule::Parse(const std::string& text) {
  Schedule schedule;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    auto eq = item.find('=');
    auto at = item.find('@');
    if (eq == std::string::npos || at == std::string::npos || at < eq) throw std::invalid_argument("bad schedule item '" + item + "'");
    std::string name = item.substr(0, eq);
    std::string state = item.substr(eq + 1, at - eq - 1);
    auto minute = ParseTime(item.substr(at + 1));
    size_t day = 0;
    while (day < kDayNames.size() && name != kDayNames[day]) ++day;
    if (day == kDayNames.size() || (state != "on" && state != "off") || !minute) {
      throw std::invalid_argument("bad schedule item '" + item + "'");
    }
    schedule.days[day] = DaySlot{state == "on", *minute};
  }
  return schedule;
}

}  // namespace pm::backup
