// Filters keep `+'()` literal and encode every other character of a value; the task waiter
// treats an unlisted task as "not yet" and ends on complete or fail.
#include <gtest/gtest.h>

#include "scripted_http.h"
#include "vmmanager6/errors.h"
#include "vmmanager6/tasks.h"
#include "vmmanager6/where.h"

namespace pm::vmmanager6 {
namespace {

TEST(Where, QuotesValuesAndKeepsTheSyntaxLiteral) {
  EXPECT_EQ(Where::Eq("email", "a.b@example.com").Query(), "where=(email+EQ+'a.b@example.com')");
  EXPECT_EQ(Where::All({Where::Eq("consul_id", 123), Where::Eq("name", "host_create")}).Query(),
            "where=((consul_id+EQ+'123')+AND+(name+EQ+'host_create'))");
}

TEST(Where, AValueCannotBreakOutOfItsQuotes) {
  EXPECT_EQ(Where::Eq("email", "x+OR+(1+EQ+1)%").Query(), "where=(email+EQ+'x%2BOR%2B%281%2BEQ%2B1%29%25')");
  // A quote is looked for as any one character (callers compare what comes back).
  EXPECT_EQ(Where::Eq("email", "o'brien@example.com").Query(), "where=(email+CP+'o_brien@example.com')");
  EXPECT_EQ(Where::Eq("name", "x')+OR+('1").Query(), "where=(name+CP+'x_%29%2BOR%2B%28_1')");
  EXPECT_EQ(Where::Eq("comment", "billmgr-pmvmmanager6 module=1 item=5").Query(),
            "where=(comment+EQ+'billmgr-pmvmmanager6%20module%3D1%20item%3D5')");
  EXPECT_THROW(Where::Eq("name)+OR+(id", "1"), std::invalid_argument);
}

class NoTokens : public http::SessionCache {
 public:
  std::optional<std::string> Load() override { return std::string("t"); }
  void Save(const std::string&) override {}
};

http::Response Rows(const std::string& rows) { return {200, "", R"({"list":)" + rows + "}"}; }

TEST(WaitTask, AnUnlistedTaskIsNotYetAndCompleteEndsTheWait) {
  test::ScriptedHttp http;
  NoTokens tokens;
  int sleeps = 0;
  Api api(http, "https://vm6.test", {"a@b", "p"}, tokens, [&](std::chrono::milliseconds) { ++sleeps; });
  http.Expect("/vm/v3/task?where=((consul_id+EQ+'9')+AND+(name+EQ+'host_create'))", Rows("[]"));
  http.Expect("/vm/v3/task", Rows(R"([{"id":1,"consul_id":9,"name":"host_create","status":"running"}])"));
  http.Expect("/vm/v3/task", Rows(R"([{"id":1,"consul_id":9,"name":"host_create","status":"complete"}])"));
  WaitTask(api, {9, "host_create"});
  EXPECT_EQ(sleeps, 2);
}

TEST(WaitTask, AFailedTaskSaysWhy) {
  test::ScriptedHttp http;
  NoTokens tokens;
  Api api(http, "https://vm6.test", {"a@b", "p"}, tokens, [](std::chrono::milliseconds) {});
  http.Expect("/vm/v3/task", Rows(R"([{"id":1,"consul_id":9,"name":"host_create","status":"fail","output":"no space"}])"));
  try {
    WaitTask(api, {9, "host_create"});
    FAIL();
  } catch (const TaskFailed& e) {
    EXPECT_EQ(e.output(), "no space");
    EXPECT_EQ(e.name(), "host_create");
  }
}

TEST(WaitTask, GivesUpAfterItsLimit) {
  test::ScriptedHttp http;
  NoTokens tokens;
  Api api(http, "https://vm6.test", {"a@b", "p"}, tokens, [](std::chrono::milliseconds) {});
  for (int i = 0; i < 50; ++i) http.Expect("/vm/v3/task", Rows("[]"));
  PollingPolicy policy;
  policy.limit = std::chrono::seconds(3);
  EXPECT_THROW(WaitTask(api, {9, "host_create"}, policy), TaskTimeout);
}

}  // namespace
}  // namespace pm::vmmanager6
