#include "backup/planner.h"

#include <gtest/gtest.h>

#include <ctime>

using namespace pm::backup;

namespace {

// The seed's example grid: Sunday 07:00, Monday–Saturday 03:00, all on.
Schedule SeedSchedule() {
  Schedule schedule;
  for (auto& day : schedule.days) day = DaySlot{true, 3 * 60};
  schedule.days[0].minute = 7 * 60;
  return schedule;
}

LocalTime At(int weekday, const std::string& hhmm, const std::string& date) { return {weekday, *ParseTime(hhmm), date}; }

std::vector<Backup> Backups(int count) {
  std::vector<Backup> backups;
  for (int i = 0; i < count; ++i) backups.push_back({"b" + std::to_string(i), 1000 + i, false});
  return backups;
}

TickInput Input(LocalTime now, std::vector<Backup> backups, int quota, Rotation rotation = Rotation::After) {
  TickInput input;
  input.now = std::move(now);
  input.schedule = SeedSchedule();
  input.backups = std::move(backups);
  input.quota = quota;
  input.rotation = rotation;
  return input;
}

}  // namespace

TEST(Schedule, RoundTripsAndRejectsNonsense) {
  Schedule schedule = SeedSchedule();
  schedule.days[3].enabled = false;
  EXPECT_EQ(Schedule::Parse(schedule.Format()).Format(), schedule.Format());
  EXPECT_EQ(schedule.Format().substr(0, 24), "sun=on@07:00,mon=on@03:0");
  EXPECT_THROW(Schedule::Parse("sun=on@25:00"), std::invalid_argument);
  EXPECT_THROW(Schedule::Parse("funday=on@01:00"), std::invalid_argument);
  EXPECT_THROW(Schedule::Parse("sun=maybe@01:00"), std::invalid_argument);
  EXPECT_FALSE(ParseTime("7:00"));
  EXPECT_FALSE(ParseTime("07:60"));
  EXPECT_EQ(ParseTime("23:59"), 23 * 60 + 59);
  EXPECT_FALSE(Schedule().Any());
}

TEST(PlanTick, RunsOncePerEnabledDayAfterItsTime) {
  TickInput input = Input(At(0, "06:59", "2026-11-22"), Backups(1), 10);
  EXPECT_FALSE(PlanTick(input).create) << "Sunday's time is 07:00";
  input.now = At(0, "07:00", "2026-11-22");
  EXPECT_TRUE(PlanTick(input).create);
  input.last_scheduled_day = "2026-11-22";
  input.now = At(0, "23:10", "2026-11-22");
  EXPECT_FALSE(PlanTick(input).create) << "today's backup already exists";
  input.now = At(1, "03:05", "2026-11-23");
  EXPECT_TRUE(PlanTick(input).create) << "Monday is a new day";
  input.schedule.days[1].enabled = false;
  EXPECT_FALSE(PlanTick(input).create) << "Monday switched off";
}

TEST(PlanTick, AWeekDayByDayMakesOneBackupPerEnabledDay) {
  Schedule schedule = SeedSchedule();
  schedule.days[3].enabled = false;  // no Wednesday
  std::tm day{};
  day.tm_year = 2026 - 1900;
  day.tm_mon = 10;
  day.tm_mday = 22;  // Sunday 22 November 2026
  std::string last;
  int created = 0;
  for (int d = 0; d < 7; ++d, ++day.tm_mday) {
    std::mktime(&day);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &day);
    for (int minute = 0; minute < 24 * 60; minute += 5) {  // a cron tick every five minutes
      TickInput input = Input({day.tm_wday, minute, date}, Backups(2), 10);
      input.schedule = schedule;
      input.last_scheduled_day = last;
      if (PlanTick(input).create) {
        ++created;
        last = date;
        EXPECT_EQ(minute, schedule.days[static_cast<size_t>(day.tm_wday)].minute) << date;
      }
    }
  }
  EXPECT_EQ(created, 6);
}

TEST(PlanTick, RotationBeforeFreesASlotFirstRotationAfterDoesNot) {
  TickInput input = Input(At(2, "04:00", "2026-11-24"), Backups(3), 3, Rotation::Before);
  auto before = PlanTick(input);
  ASSERT_TRUE(before.create);
  EXPECT_EQ(before.delete_first, std::vector<std::string>{"b0"}) << "the oldest goes";
  input.rotation = Rotation::After;
  EXPECT_TRUE(PlanTick(input).delete_first.empty());
}

TEST(PlanTick, BusyOrNoQuotaMeansNoBackup) {
  TickInput input = Input(At(2, "04:00", "2026-11-24"), {}, 0);
  EXPECT_FALSE(PlanTick(input).create);
  input.quota = 2;
  input.busy = true;
  EXPECT_FALSE(PlanTick(input).create);
}

TEST(RotationVictims, OldestFirstNeverProtectedNeverTheLastOne) {
  auto backups = Backups(5);
  backups[0].protected_copy = true;
  EXPECT_EQ(RotationVictims(backups, 2), (std::vector<std::string>{"b1", "b2"}));
  EXPECT_EQ(RotationVictims(Backups(1), 0), std::vector<std::string>{}) << "the last good copy stays";
  EXPECT_EQ(RotationVictims(Backups(3), 5), std::vector<std::string>{});
}
