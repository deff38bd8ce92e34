// Fault injection through the control API.
#include "support.h"

namespace vm6sim::testing {
namespace {

using nlohmann::json;

class FaultTest : public SimTest {};

TEST_F(FaultTest, TaskFailEndsTheTaskWithItsOutput) {
  server_.AddFault({{"action", "task_fail"},
                    {"task_name", "host_create"},
                    {"output", "no space on node1"},
                    {"count", 1}});
  Response response = CreateHost();
  ASSERT_EQ(response.status, 200);
  int consul = response.body["task"];
  EXPECT_EQ(Finish(consul), "fail");
  json row = TaskRows(consul)[0];
  EXPECT_EQ(row["status"], "fail");
  EXPECT_EQ(row["output"], "no space on node1");
  EXPECT_EQ(HostRow(response.body["id"])["state"], "stopped");
  // count 1: the next create works.
  Response next = CreateHost({{"name", "vm2"}});
  EXPECT_EQ(Finish(next.body["task"]), "complete");
}

TEST_F(FaultTest, AFailedCreateFailsItsRecipeTask) {
  server_.AddFault({{"action", "task_fail"}, {"task_name", "host_create"}});
  Response response = CreateHost({{"recipe_list", {{{"recipe", 1}}}}});
  EXPECT_EQ(Finish(response.body["recipe_task"]), "fail");
  EXPECT_NE(
      TaskRows(response.body["recipe_task"])[0]["output"].get<std::string>().find("host_create"),
      std::string::npos);
}

TEST_F(FaultTest, TaskHangLastsUntilTheFaultsAreCleared) {
  server_.AddFault({{"action", "task_hang"}, {"task_name", "host_stop"}});
  Response stop = admin_->Post("/vm/v3/host/1/stop");
  server_.AdvanceClock(600);
  EXPECT_EQ(server_.WaitTask(stop.body["task"], 0.2), std::nullopt);
  EXPECT_EQ(TaskRows(stop.body["task"])[0]["status"], "running");
  EXPECT_EQ(HostRow(1)["state"], "active");
  server_.ClearFaults();
  EXPECT_EQ(server_.WaitTask(stop.body["task"], 5), "complete");
  EXPECT_EQ(HostRow(1)["state"], "stopped");
}

TEST_F(FaultTest, DropBeforeLosesTheRequestUnexecuted) {
  server_.AddFault({{"action", "drop"},
                    {"when", "before"},
                    {"method", "POST"},
                    {"path", "/stop$"},
                    {"count", 1}});
  Response response = admin_->Post("/vm/v3/host/1/stop");
  EXPECT_FALSE(response.delivered);
  EXPECT_TRUE(server_.State()["tasks"].empty());
  EXPECT_EQ(admin_->Post("/vm/v3/host/1/stop").status, 200);
}

TEST_F(FaultTest, DropAfterExecutesAndLosesTheAnswer) {
  server_.AddFault(
      {{"action", "drop"}, {"when", "after"}, {"method", "POST"}, {"path", "^/vm/v3/host$"}});
  Response response = CreateHost();
  EXPECT_FALSE(response.delivered);
  json state = server_.State();
  ASSERT_EQ(state["hosts"].size(), 2u);
  EXPECT_EQ(state["hosts"][1]["state"], "creating");
  ASSERT_EQ(state["tasks"].size(), 1u);
  EXPECT_EQ(state["tasks"][0]["name"], "host_create");
  // The client finds it by its comment marker.
  Response found = admin_->Get("/vm/v3/host?where=(name+EQ+'vm1')");
  EXPECT_EQ(found.body["size"], 1);
}

TEST_F(FaultTest, AsleepAnswers503HtmlForTheNextRequests) {
  server_.AddFault({{"action", "asleep"}, {"requests", 2}});
  for (int i = 0; i < 2; ++i) {
    Response response = admin_->Get("/vm/v3/host");
    EXPECT_EQ(response.status, 503);
    EXPECT_EQ(response.header("Content-Type"), "text/html");
    EXPECT_EQ(response.raw,
              "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
  }
  EXPECT_EQ(admin_->Get("/vm/v3/host").status, 200);
  // Login too sleeps.
  server_.AddFault({{"action", "asleep"}, {"requests", 1}});
  EXPECT_EQ(NewClient().Login("admin@example.com", "admin-secret").status, 503);
}

TEST_F(FaultTest, TaskInvisibleListsTheRowLate) {
  server_.AddFault({{"action", "task_invisible"}, {"seconds", 10}, {"task_name", "host_stop"}});
  Response stop = admin_->Post("/vm/v3/host/1/stop");
  int consul = stop.body["task"];
  EXPECT_TRUE(TaskRows(consul).empty());
  EXPECT_EQ(server_.TaskState(consul)->at("visible"), false);
  server_.AdvanceClock(11);
  EXPECT_EQ(TaskRows(consul).size(), 1u);
}

TEST_F(FaultTest, VisibilityDelayIsSeedable) {
  options_.seed = {{"task_visible_delay", 2}};
  StartServer();
  Response stop = admin_->Post("/vm/v3/host/1/stop");
  EXPECT_TRUE(TaskRows(stop.body["task"]).empty());
  server_.AdvanceClock(3);
  EXPECT_EQ(TaskRows(stop.body["task"]).size(), 1u);
}

TEST_F(FaultTest, ExpireTokensKillsEveryTokenNow) {
  Client user = As("client@example.com", "client-secret");
  server_.AddFault({{"action", "expire_tokens"}});
  EXPECT_EQ(admin_->Get("/vm/v3/host").status, 401);
  EXPECT_EQ(user.Get("/vm/v3/host").status, 401);
  EXPECT_EQ(As("admin@example.com", "admin-secret").Get("/vm/v3/host").status, 200);
}

TEST_F(FaultTest, StatusRuleAnswersAnErrorObject) {
  server_.AddFault({{"action", "status"},
                    {"status", 500},
                    {"code", 5001},
                    {"msg", "consul is down"},
                    {"method", "GET"},
                    {"path", "^/vm/v3/task"},
                    {"count", 1}});
  Response response = admin_->Get("/vm/v3/task");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.code(), 5001);
  EXPECT_EQ(response.msg(), "consul is down");
  EXPECT_EQ(admin_->Get("/vm/v3/task").status, 200);
  server_.AddFault({{"action", "status"}, {"status", 503}});
  Response bare = admin_->Get("/vm/v3/host");
  EXPECT_EQ(bare.status, 503);
  EXPECT_EQ(bare.code(), 1000);
}

TEST_F(FaultTest, LatencyDelaysTheAnswer) {
  server_.AddFault({{"action", "latency"}, {"ms", 150}, {"path", "/cluster"}, {"count", 1}});
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(admin_->Get("/vm/v3/cluster").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

TEST_F(FaultTest, MalformedRulesAreRefused) {
  for (const json& rule :
       {json{{"action", "explode"}}, json{{"action", "task_fail"}},
        json{{"action", "status"}, {"status", 99}}, json{{"action", "drop"}, {"when", "during"}},
        json{{"action", "asleep"}}, json{{"action", "latency"}, {"ms", 10}, {"paht", "x"}},
        json{{"action", "status"}, {"status", 500}, {"path", "("}}}) {
    EXPECT_THROW(server_.AddFault(rule), std::invalid_argument) << rule.dump();
  }
  EXPECT_TRUE(server_.State()["faults"].empty());
}

TEST_F(FaultTest, ControlApiOverHttps) {
  Client control = NewClient();
  Response added = control.Send("POST", "/_sim/faults",
                                json{{"action", "asleep"}, {"requests", 1}}.dump(), {}, true);
  ASSERT_EQ(added.status, 200) << added.raw;
  EXPECT_EQ(added.body[0]["remaining"], 1);
  EXPECT_EQ(admin_->Get("/vm/v3/host?where=(id+EQ+1)").status, 503);
  Response log = control.Send("GET", "/_sim/requests", "", {}, true);
  ASSERT_EQ(log.status, 200);
  json last = log.body["requests"].back();
  EXPECT_EQ(last, json({{"method", "GET"}, {"path", "/vm/v3/host"}, {"query", "where=(id+EQ+1)"}}));
  for (const auto& request : log.body["requests"])
    EXPECT_EQ(request["path"].get<std::string>().rfind("/_sim", 0), std::string::npos);
  EXPECT_EQ(control.Send("DELETE", "/_sim/requests", "", {}, true).status, 200);
  EXPECT_EQ(control.Send("GET", "/_sim/requests", "", {}, true).body["count"], 0);
  Response clock = control.Send("POST", "/_sim/clock", R"({"advance_seconds": 60})", {}, true);
  EXPECT_EQ(clock.status, 200);
  EXPECT_TRUE(clock.body.contains("now_text"));
  Response state = control.Send("GET", "/_sim/state", "", {}, true);
  EXPECT_EQ(state.body["accounts"].size(), 3u);
  EXPECT_FALSE(state.body["accounts"][0].contains("password"));
  EXPECT_EQ(control.Send("GET", "/_sim/nothing", "", {}, true).status, 404);
}

}  // namespace
}  // namespace vm6sim::testing
