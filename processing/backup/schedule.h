// The client's weekly backup schedule: for each day Sunday…Saturday, on/off and a time (HH:MM,
// the panel's local time). Pure data; knows no panel and no hypervisor.
#pragma once

#include <array>
#include <optional>
#include <string>

namespace pm::backup {

constexpr std::array<const char*, 7> kDayNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct DaySlot {
  bool enabled = false;
  int minute = 3 * 60;  // minute of the day; 03:00 until the client says otherwise
};

struct Schedule {
  std::array<DaySlot, 7> days;  // index = weekday, 0 = Sunday (as struct tm's tm_wday)

  bool Any() const;
  // Stored form "sun=on@07:00,mon=off@03:00,…"; unknown or malformed text is an invalid_argument.
  std::string Format() const;
  static Schedule Parse(const std::string& text);
};

// "07:30" → 450; nullopt unless HH:MM with 00–23 and 00–59.
std::optional<int> ParseTime(const std::string& text);
std::string FormatTime(int minute);

}  // namespace pm::backup
