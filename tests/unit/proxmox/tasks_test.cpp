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

TEST_F(TasksTest, PollTaskLooksOnceAtTheUpidsNode) {
  http.Expect("GET " + kBase + "/nodes/pve2/tasks/"
                  "UPID%3Apve2%3A0001A2B3%3A00C4D5E6%3A6650A1B2%3Aqmclone%3A9000%3Abilling%40pve%21bm%3A/status",
              ScriptedHttp::Ok(Status("running")));
  TaskState state = PollTask(api, kUpid);
  EXPECT_TRUE(state.running);
  EXPECT_EQ(state.exitstatus, "");
  EXPECT_FALSE(state.ok);
  EXPECT_EQ(http.sent.size(), 1u);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(TasksTest, PollTaskReadsTheExitStatus) {
  http.Expect("/tasks/", ScriptedHttp::Ok(Status("stopped", "OK")));
  http.Expect("/tasks/", ScriptedHttp::Ok(Status("stopped", "WARNINGS: 1")));
  http.Expect("/tasks/", ScriptedHttp::Ok(Status("stopped", "job errors")));
  http.Expect("/tasks/", ScriptedHttp::Ok(Status("stopped")));
  TaskState ok = PollTask(api, kUpid);
  EXPECT_FALSE(ok.running);
  EXPECT_EQ(ok.exitstatus, "OK");
  EXPECT_TRUE(ok.ok);
  TaskState warnings = PollTask(api, kUpid);
  EXPECT_EQ(warnings.exitstatus, "WARNINGS: 1");
  EXPECT_TRUE(warnings.ok);
  TaskState failed = PollTask(api, kUpid);
  EXPECT_FALSE(failed.running);
  EXPECT_EQ(failed.exitstatus, "job errors");
  EXPECT_FALSE(failed.ok);
  TaskState unreadable = PollTask(api, kUpid);
  EXPECT_EQ(unreadable.exitstatus, "unexpected status");
  EXPECT_FALSE(unreadable.ok);
}

TEST_F(TasksTest, PollTaskLeavesAnUnknownTaskToTheCaller) {
  http.Expect("/tasks/", ScriptedHttp::Fail(400, "no such task"));
  try {
    PollTask(api, kUpid);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 400);
  }
  EXPECT_EQ(http.sent.size(), 1u);
}

TEST_F(TasksTest, StopTaskDeletesIt) {
  http.Expect("DELETE " + kBase + "/nodes/pve2/tasks/UPID%3Apve2%3A", ScriptedHttp::Ok("null"));
  StopTask(api, kUpid);
  ASSERT_EQ(http.sent.size(), 1u);
  EXPECT_EQ(http.sent[0].url, kBase + "/nodes/pve2/tasks/"
                                      "UPID%3Apve2%3A0001A2B3%3A00C4D5E6%3A6650A1B2%3Aqmclone%3A9000%3Abilling%40pve%21bm%3A");
}

TEST_F(TasksTest, FindTasksAsksAllSourcesAndSortsNewestFirst) {
  const std::string older = "UPID:pve1:00000001:00000002:6A000000:vzdump:100:billing@pve!bm:";
  const std::string running = "UPID:pve1:00000003:00000004:6A000100:vzdump:100:billing@pve!bm:";
  const std::string newest = "UPID:pve1:00000005:00000006:6A000200:vzdump:100:billing@pve!bm:";
  // As PVE lists them: running tasks first, then finished ones by end time.
  http.Expect("GET " + kBase + "/nodes/pve1/tasks?typefilter=vzdump&since=1778000000&source=all&vmid=100",
              ScriptedHttp::Ok(R"([{"upid":")" + running + R"(","starttime":1778385152,"type":"vzdump"},
                                   {"upid":")" + older + R"(","starttime":1778384896,"status":"OK"},
                                   {"starttime":1778385000},
                                   {"upid":")" + newest + R"(","starttime":"1778385408","status":"OK"}])"));
  std::vector<std::string> upids;
  for (const auto& row : FindTasks(api, "pve1", "vzdump", 100, 1778000000)) upids.push_back(row.upid);
  EXPECT_EQ(upids, (std::vector<std::string>{newest, running, older}));
}

TEST_F(TasksTest, FindTasksWithNoMatchIsEmpty) {
  http.Expect("/nodes/pve2/tasks?", ScriptedHttp::Ok("[]"));
  EXPECT_TRUE(FindTasks(api, "pve2", "qmrestore", 101, 0).empty());
}

// The VMID's previous start (an earlier VM 100, or this one's last boot) is not what a lost
// start began: it ended before the request was sent, by the server's own clock.
TEST_F(TasksTest, ALostWriteTakesOverOnlyATaskItCouldHaveStarted) {
  const std::string earlier = "UPID:pve1:00000001:00000002:6A000000:qmstart:100:billing@pve!bm:";
  const std::string ours = "UPID:pve1:00000003:00000004:6A000003:qmstart:100:billing@pve!bm:";
  LostAnswer lost("POST", "/nodes/pve1/qemu/100/status/start", "Empty reply", std::chrono::seconds(2), 0x6A000002);
  http.Expect("GET " + kBase + "/nodes/pve1/tasks?typefilter=qmstart&since=" + std::to_string(0x6A000002) + "&source=all&vmid=100",
              ScriptedHttp::Ok(R"([{"upid":")" + earlier + R"(","starttime":1778384896,"endtime":1778384897,"status":"OK"}])"));
  EXPECT_EQ(FindStartedTask(api, "pve1", "qmstart", 100, lost), std::nullopt);
  http.Expect("/nodes/pve1/tasks?", ScriptedHttp::Ok(R"([{"upid":")" + ours + R"(","starttime":1778384899},
      {"upid":")" + earlier + R"(","starttime":1778384896,"endtime":1778384897,"status":"OK"}])"));
  EXPECT_EQ(FindStartedTask(api, "pve1", "qmstart", 100, lost), ours);
}

TEST_F(TasksTest, WithoutTheServersDateALostWriteLooksBackByTheNodesClock) {
  LostAnswer lost("POST", "/nodes/pve1/qemu/100/status/start", "Empty reply", std::chrono::seconds(3), 0);
  http.Expect("GET " + kBase + "/nodes/pve1/time", ScriptedHttp::Ok(R"({"time":1000,"localtime":1000,"timezone":"UTC"})"));
  http.Expect("GET " + kBase + "/nodes/pve1/tasks?typefilter=qmstart&since=992&source=all&vmid=100", ScriptedHttp::Ok("[]"));
  EXPECT_EQ(FindStartedTask(api, "pve1", "qmstart", 100, lost), std::nullopt);
  EXPECT_EQ(http.rules.size(), 0u) << "both asked";
}
