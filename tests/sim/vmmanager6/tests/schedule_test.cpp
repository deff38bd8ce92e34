// Backup schedules.
#include <regex>

#include "support.h"

namespace vm6sim::testing {
namespace {

using nlohmann::json;

class ScheduleTest : public SimTest {};

TEST_F(ScheduleTest, DefaultSchedules) {
  Response response = admin_->Get("/vm/v3/schedule");
  ASSERT_EQ(response.status, 200);
  json list = response.body["list"];
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0]["name"], "Nightly");
  EXPECT_EQ(list[0]["type"], "daily");
  EXPECT_EQ(list[0]["start_time"],
            json({{"day", nullptr}, {"week_day", nullptr}, {"hour", 3}, {"minute", 0}}));
  EXPECT_EQ(list[1]["start_time"]["week_day"], 3);
  EXPECT_EQ(list[1]["name"], "");
  EXPECT_EQ(list[2]["start_time"]["day"], 5);
  EXPECT_EQ(list[2]["clusters"], json({1, 2}));
  EXPECT_EQ(list[3]["presets"], json({1}));
  EXPECT_EQ(list[3]["clusters"], json::array());
  for (const auto& schedule : list) {
    EXPECT_EQ(schedule["backup_mode"], "full");
    EXPECT_EQ(schedule["limit_count"], 3);
    EXPECT_EQ(schedule["backup_locations"], json({1}));
    EXPECT_TRUE(std::regex_match(schedule["next_run"].get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:00)")));
  }
  EXPECT_EQ(list[0]["next_run"].get<std::string>().substr(11), "03:00:00");
  EXPECT_EQ(list[2]["next_run"].get<std::string>().substr(8), "05 04:30:00");
}

TEST_F(ScheduleTest, EditChangesOnlyWhatIsGiven) {
  Response edit = admin_->Post("/vm/v3/schedule/2", {{"hosts", {1}}});
  ASSERT_EQ(edit.status, 200) << edit.raw;
  EXPECT_EQ(edit.body, json({{"id", 2}}));
  json schedule = admin_->Get("/vm/v3/schedule/2").body;
  EXPECT_EQ(schedule["hosts"], json({1}));
  EXPECT_EQ(schedule["type"], "weekly");
  EXPECT_EQ(schedule["start_time"]["week_day"], 3);
  Response affected = admin_->Get("/vm/v3/schedule/2/hosts");
  EXPECT_EQ(affected.body, json({{"affected_hosts_count", 1}}));
  // The whole object read back is accepted too, once id and next_run are left out.
  schedule.erase("id");
  schedule.erase("next_run");
  schedule["name"] = "Weekly";
  EXPECT_EQ(admin_->Post("/vm/v3/schedule/2", schedule).status, 200);
  EXPECT_EQ(admin_->Get("/vm/v3/schedule/2").body["name"], "Weekly");
}

TEST_F(ScheduleTest, UnknownReferencesAndValuesAreRefused) {
  Response host = admin_->Post("/vm/v3/schedule/1", {{"hosts", {1, 42}}});
  EXPECT_EQ(host.status, 400);
  EXPECT_EQ(host.code(), 3010);
  EXPECT_EQ(host.msg(), "Host 42 not found");
  EXPECT_EQ(admin_->Post("/vm/v3/schedule/1", {{"type", "hourly"}}).code(), 3009);
  EXPECT_EQ(admin_->Post("/vm/v3/schedule/1", {{"type", "weekly"}}).code(), 3009);  // no week_day
  EXPECT_EQ(
      admin_->Post("/vm/v3/schedule/1", {{"start_time", {{"hour", 24}, {"minute", 0}}}}).code(),
      3009);
  EXPECT_EQ(admin_->Post("/vm/v3/schedule/9", {{"name", "x"}}).status, 404);
  EXPECT_EQ(admin_->Get("/vm/v3/schedule/1").body["hosts"], json::array());
}

TEST_F(ScheduleTest, CreateAndDelete) {
  Response created =
      admin_->Post("/vm/v3/schedule", {{"name", ""},
                                       {"type", "monthly"},
                                       {"start_time", {{"day", 31}, {"hour", 23}, {"minute", 59}}},
                                       {"clusters", {2}}});
  ASSERT_EQ(created.status, 200) << created.raw;
  int id = created.body["id"];
  EXPECT_EQ(id, 5);
  json schedule = admin_->Get("/vm/v3/schedule/5").body;
  EXPECT_EQ(schedule["backup_mode"], "full");
  EXPECT_EQ(schedule["next_run"].get<std::string>().substr(8), "31 23:59:00");
  Response deleted = admin_->Delete("/vm/v3/schedule/5");
  EXPECT_EQ(deleted.body, json({{"deleted", {{{"id", 5}}}}}));
  EXPECT_EQ(admin_->Get("/vm/v3/schedule").body["list"].size(), 4u);
}

TEST_F(ScheduleTest, AffectedHostsCountClustersPresetsAndHosts) {
  EXPECT_EQ(admin_->Get("/vm/v3/schedule/1/hosts").body["affected_hosts_count"], 1);  // cluster 1
  EXPECT_EQ(admin_->Get("/vm/v3/schedule/4/hosts").body["affected_hosts_count"], 0);
  Response preset = CreateHost({{"preset", 1},
                                {"cpu_number", nullptr},
                                {"ram_mib", nullptr},
                                {"hdd_mib", nullptr},
                                {"cluster", 2},
                                {"os", 1}});
  ASSERT_EQ(preset.status, 200) << preset.raw;
  EXPECT_EQ(admin_->Get("/vm/v3/schedule/4/hosts").body["affected_hosts_count"], 1);
  EXPECT_EQ(admin_->Get("/vm/v3/schedule/1/hosts").body["affected_hosts_count"], 1);
}

}  // namespace
}  // namespace vm6sim::testing
