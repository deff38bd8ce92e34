// GET /nodes/{node}/time and the node's time zone in vzdump archive names (notes §16.1).
#include <ctime>
#include <regex>

#include "sim_test_support.h"

namespace pvesim::testing {

namespace {

constexpr int64_t kMoscow = 3 * 3600;

int64_t Number(const nlohmann::json& data, const char* key) { return data.at(key).get<int64_t>(); }

// The name vzdump gives an archive made at epoch `ctime` on a node `offset` seconds east of UTC.
std::string ArchiveName(int vmid, int64_t ctime, int64_t offset) {
  std::time_t local = static_cast<std::time_t>(ctime + offset);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y_%m_%d-%H_%M_%S", &tm);
  return "vzdump-qemu-" + std::to_string(vmid) + "-" + stamp + ".vma.zst";
}

void AdvanceClock(ApiClient& control, int seconds) {
  ApiResponse advanced =
      control.Send("POST", "/_sim/clock", "{\"advance_seconds\": " + std::to_string(seconds) + "}",
                   "application/json", {}, true);
  ASSERT_EQ(advanced.status, 200);
}

}  // namespace

class MoscowTest : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    server_.Stop();
    options_.seed = {{"timezone", {{"name", "Europe/Moscow"}, {"offset_seconds", kMoscow}}},
                     {"backups",
                      {{{"volid", "backup-nfs:backup/vzdump-qemu-100-2026_05_01-02_30_00.vma.zst"},
                        {"vmid", 100}}}}};
    StartServer();
  }
};

TEST_F(SimTest, NodeTimeIsUtcByDefaultAndFollowsTheSimulatedClock) {
  ApiClient token = Token();  // a ticket would expire when the clock jumps a day
  int64_t before = std::time(nullptr);
  ApiResponse first = token.Get("/nodes/pve1/time");
  int64_t after = std::time(nullptr);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.data().size(), 3u);
  EXPECT_EQ(first.data()["timezone"], "UTC");
  int64_t time = Number(first.data(), "time");
  EXPECT_GE(time, before);
  EXPECT_LE(time, after);
  EXPECT_EQ(Number(first.data(), "localtime"), time);

  ApiClient control = NewClient();
  AdvanceClock(control, 86400);
  ApiResponse later = token.Get("/nodes/pve2/time");
  ASSERT_EQ(later.status, 200);
  EXPECT_GE(Number(later.data(), "time") - time, 86400);
  EXPECT_LE(Number(later.data(), "time") - time, 86400 + 2);
  EXPECT_EQ(Number(later.data(), "localtime"), Number(later.data(), "time"));
}

TEST_F(SimTest, NodeTimeNeedsSysAuditOnTheNode) {
  server_.Stop();
  options_.seed = {
      {"users",
       {{{"userid", "billing@pve"}, {"password", "billing-secret"}, {"acl", {{"/vms", {"all"}}}}},
        {{"userid", "audit@pve"}, {"password", "audit-secret"}, {"acl", {{"/", {"Sys.Audit"}}}}}}}};
  StartServer();
  EXPECT_EQ(api_->Get("/nodes/pve1/time").status, 403);
  EXPECT_EQ(Audit().Get("/nodes/pve1/time").status, 200);
}

TEST_F(MoscowTest, LocalTimeIsShiftedByTheSeededOffset) {
  nlohmann::json now = api_->Get("/nodes/pve1/time").data();
  EXPECT_EQ(now["timezone"], "Europe/Moscow");
  EXPECT_EQ(Number(now, "localtime") - Number(now, "time"), kMoscow);

  ApiClient control = NewClient();
  AdvanceClock(control, 3600);
  nlohmann::json later = api_->Get("/nodes/pve1/time").data();
  EXPECT_GE(Number(later, "time") - Number(now, "time"), 3600);
  EXPECT_LE(Number(later, "time") - Number(now, "time"), 3600 + 2);
  EXPECT_EQ(Number(later, "localtime") - Number(later, "time"), kMoscow);
}

TEST_F(MoscowTest, ArchiveNamesUseLocalTimeWhileCtimeStaysEpoch) {
  // The seeded archive's name is Moscow time: 02:30 there is 23:30 UTC the day before.
  nlohmann::json seeded =
      api_->Get("/nodes/pve1/storage/backup-nfs/content", {{"vmid", "100"}}).data();
  ASSERT_EQ(seeded.size(), 1u);
  EXPECT_EQ(Number(seeded[0], "ctime"), 1777602600 - kMoscow);

  ASSERT_EQ(CloneTemplate(*api_, 101, {{"full", "1"}}), "OK");
  int64_t before = Number(api_->Get("/nodes/pve1/time").data(), "time");
  ApiResponse started = api_->Post(
      "/nodes/pve1/vzdump", {{"vmid", "101"}, {"storage", "backup-nfs"}, {"compress", "zstd"}});
  ASSERT_EQ(started.status, 200);
  ASSERT_EQ(api_->WaitTask(started.data()), "OK");
  int64_t after = Number(api_->Get("/nodes/pve1/time").data(), "time");
  nlohmann::json made =
      api_->Get("/nodes/pve1/storage/backup-nfs/content", {{"vmid", "101"}}).data();
  ASSERT_EQ(made.size(), 1u);
  int64_t ctime = Number(made[0], "ctime");
  EXPECT_GE(ctime, before);
  EXPECT_LE(ctime, after);
  EXPECT_EQ(made[0]["volid"], "backup-nfs:backup/" + ArchiveName(101, ctime, kMoscow));
  EXPECT_NE(made[0]["volid"], "backup-nfs:backup/" + ArchiveName(101, ctime, 0));
}

}  // namespace pvesim::testing
