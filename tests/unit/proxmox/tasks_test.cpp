#include "proxmox/tasks.h"

#include <gtest/gtest.h>

#include "proxmox/errors.h"
#include "scripted_http.h"

using namespace pm::proxmox;
using pm::test::ScriptedHttp;

namespace {

const std::string kBase = "https://pve1:8006/api2/json";
const std::string kUpid = "UPID:pve2:0001A2B3:00C4D5E6:6650A1B2:qmclone:9000:billing@pve!bm:";

std::string Status(const std::string& status, const std::string& exit = "") {
  std::string json = R"({"status":")" + status + "\"";
  if (!exit.empty()) json += R"(,"exitstatus":")" + exit + "\"";
  return json + "}";
}

class TasksTest : public ::testing::Test {
 protected:
  ScriptedHttp http;
  std::vector<std::chrono::milliseconds> sleeps;
  Api api{http, kBase, std::make_unique<TokenAuth>("a@pve!b", "c"),
          [this](std::chrono::milliseconds d) { sleeps.push_back(d); }};
};

}  // namespace

TEST(ParseUpid, ReadsTheFields) {
  Upid upid = ParseUpid(kUpid);
  EXPECT_EQ(upid.node, "pve2");
  EXPECT_EQ(upid.type, "qmclone");
  EXPECT_EQ(upid.id, "9000");
  EXPECT_EQ(upid.user, "billing@pve!bm");
  EXPECT_EQ(upid.starttime, 0x6650A1B2);
  EXPECT_THROW(ParseUpid("OK"), std::invalid_argument);
  EXPECT_THROW(ParseUpid("UPID:pve1:1"), std::invalid_argument);
}

TEST_F(TasksTest, PollsTheUpidsNodeWithGrowingPausesUntilOk) {
  http.Expect("/nodes/pve2/tasks/UPID%3Apve2%3A", ScriptedHttp::Ok(Status("running")));
  http.Expect("/nodes/pve2/tasks/", ScriptedHttp::Ok(Status("running")));
  http.Expect("/nodes/pve2/tasks/", ScriptedHttp::Ok(Status("running")));
  http.Expect("/nodes/pve2/tasks/", ScriptedHttp::Ok(Status("stopped", "OK")));
  TaskResult result = WaitForTask(api, kUpid);
  EXPECT_EQ(result.exitstatus, "OK");
  EXPECT_FALSE(result.warnings);
  ASSERT_EQ(sleeps.size(), 3u);
  EXPECT_LT(sleeps[0], sleeps[1]);
  EXPECT_LT(sleeps[1], sleeps[2]);
}

TEST_F(TasksTest, WarningsAreSuccess) {
  http.Expect("/tasks/", ScriptedHttp::Ok(Status("stopped", "WARNINGS: 2")));
  EXPECT_TRUE(WaitForTask(api, kUpid).warnings);
}

TEST_F(TasksTest, AnyOtherExitStatusIsATaskError) {
  http.Expect("/tasks/", ScriptedHttp::Ok(Status("stopped", "VM is locked (backup)")));
  try {
    WaitForTask(api, kUpid);
    FAIL();
  } catch (const TaskError& e) {
    EXPECT_EQ(e.type(), "qmclone");
    EXPECT_EQ(e.lock(), "backup");
  }
}

TEST_F(TasksTest, UnknownRightAfterCreationIsRetried) {
  http.Expect("/tasks/", ScriptedHttp::Fail(400, "no such task"));
  http.Expect("/tasks/", ScriptedHttp::Ok(Status("stopped", "OK")));
  EXPECT_EQ(WaitForTask(api, kUpid).exitstatus, "OK");
}

TEST_F(TasksTest, GivesUpAfterThePolicyLimit) {
  for (int i = 0; i < 100; ++i) http.Expect("/tasks/", ScriptedHttp::Ok(Status("running")));
  PollingPolicy policy;
  policy.limit = std::chrono::seconds(10);
  EXPECT_THROW(WaitForTask(api, kUpid, policy), TaskTimeout);
  std::chrono::milliseconds total{0};
  for (auto s : sleeps) total += s;
  EXPECT_GE(total, std::chrono::seconds(10));
  EXPECT_LT(total, std::chrono::seconds(20));
}
