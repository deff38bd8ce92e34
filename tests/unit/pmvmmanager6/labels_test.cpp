// Names the panel shows for VMmanager's OS templates and backup schedules (contract §10).
#include <gtest/gtest.h>

#include "pmvmmanager6/os_templates.h"
#include "pmvmmanager6/schedule_labels.h"

namespace pm::pmvmmanager6 {
namespace {

vmmanager6::Schedule Of(std::string name, std::string type, std::optional<long long> day,
                        std::optional<long long> week_day, long long hour, long long minute) {
  vmmanager6::Schedule s;
  s.id = 3;
  s.name = std::move(name);
  s.type = std::move(type);
  s.day = day;
  s.week_day = week_day;
  s.hour = hour;
  s.minute = minute;
  return s;
}

TEST(ScheduleLabels, NamedSchedulesKeepTheirNameUnderTheCluster) {
  EXPECT_EQ(ScheduleLabel("VM1", Of("Nightly", "daily", {}, {}, 3, 0)), "[Cluster VM1] Nightly");
  EXPECT_EQ(ScheduleIntname(7, 3), "vm6_7_3");
}

TEST(ScheduleLabels, UnnamedSchedulesAreLabelledByTheirRunPeriod) {
  EXPECT_EQ(ScheduleLabel("VM1", Of("", "daily", {}, {}, 0, 0)), "[Cluster VM1] Daily at 00:00");
  EXPECT_EQ(ScheduleLabel("VM1", Of("", "weekly", {}, 3, 4, 30)), "[Cluster VM1] Weekly on Wednesday at 04:30");
  EXPECT_EQ(ScheduleLabel("VM1", Of("", "weekly", {}, 7, 23, 5)), "[Cluster VM1] Weekly on Sunday at 23:05");
  EXPECT_EQ(ScheduleLabel("VM1", Of("", "monthly", 5, {}, 4, 30)), "[Cluster VM1] Monthly on day 5 at 04:30");
}

vmmanager6::Os OsOf(long long id, std::string name, std::string repo, std::vector<long long> clusters,
                    long long hdd_mib, bool adminonly = false) {
  return {id, std::move(name), std::move(repo), adminonly, "active", std::move(clusters), hdd_mib};
}

TEST(OsTemplates, PublishedAsRepositoryAndNameWithTheMinimumDiskRoundedUp) {
  auto templates = OsTemplatesOn({OsOf(1, "Debian 12", "ISPsystem", {1, 2}, 5120),
                                  OsOf(2, "Ubuntu 24.04", "ISPsystem", {1}, 10241),
                                  OsOf(3, "FreeBSD 14", "local", {2}, 0),
                                  OsOf(4, "Windows Server 2022", "ISPsystem", {1}, 30720, true)},
                                 1);
  ASSERT_EQ(templates.size(), 2u);
  EXPECT_EQ(templates.at("ISPsystem__Debian 12").label, "Debian 12");
  EXPECT_EQ(templates.at("ISPsystem__Debian 12").extra, (core::PanelArgs{{"hdd", "5"}}));
  EXPECT_EQ(templates.at("ISPsystem__Ubuntu 24.04").extra, (core::PanelArgs{{"hdd", "11"}}));
}

TEST(OsTemplates, FindingIsCaseSensitiveAndLimitedToTheCluster) {
  std::vector<vmmanager6::Os> list = {OsOf(1, "Debian 12", "ISPsystem", {1}, 5120)};
  EXPECT_TRUE(FindOs(list, 1, "ISPsystem__Debian 12"));
  EXPECT_FALSE(FindOs(list, 1, "ISPSYSTEM__Debian 12"));
  EXPECT_FALSE(FindOs(list, 2, "ISPsystem__Debian 12"));
}

}  // namespace
}  // namespace pm::pmvmmanager6
