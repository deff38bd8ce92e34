// Fault rules through the control API.
#include <chrono>

#include "support.h"

namespace vm5sim::testing {
namespace {

using nlohmann::json;

class FaultTest : public SimTest {};

TEST_F(FaultTest, ErrorRuleAnswersItsDocumentWithoutRunningTheRequest) {
  server_.AddFault({{"action", "error"},
                    {"type", "value"},
                    {"object", "vmi"},
                    {"msg", "Template broken"},
                    {"func", "^vm\\.edit$"},
                    {"count", 1}});
  Response response = CreateVm();
  EXPECT_EQ(response.ErrorType(), "value");
  EXPECT_EQ(response.ErrorObject(), "vmi");
  EXPECT_EQ(response.doc().child("error").child("msg").child_value(),
            std::string("Template broken"));
  EXPECT_EQ(server_.State()["vms"].size(), 1u);
  EXPECT_EQ(admin_->Post("vm").Rows().size(), 1u);  // another func: untouched
  EXPECT_TRUE(CreateVm().Ok());                     // count 1: used up
}

TEST_F(FaultTest, DropBeforeLosesTheRequestUnexecuted) {
  server_.AddFault({{"action", "drop"}, {"when", "before"}, {"func", "^vm\\.edit$"}, {"count", 1}});
  Response response = CreateVm();
  EXPECT_FALSE(response.delivered);
  EXPECT_EQ(server_.State()["vms"].size(), 1u);
}

TEST_F(FaultTest, DropAfterRunsTheRequestAndLosesTheAnswer) {
  server_.AddFault({{"action", "drop"}, {"when", "after"}, {"func", "^vm\\.edit$"}});
  Response response = CreateVm();
  EXPECT_FALSE(response.delivered);
  json state = server_.State();
  ASSERT_EQ(state["vms"].size(), 2u);
  EXPECT_EQ(state["vms"][1]["name"], "vm1");
  EXPECT_TRUE(state["vms"][1]["installing"].get<bool>());
}

TEST_F(FaultTest, StatusRuleAnswersAnHttpStatusPage) {
  server_.AddFault(
      {{"action", "status"}, {"status", 502}, {"func", "^vm\\.start$"}, {"method", "POST"}});
  Response response = admin_->Post("vm.start", {{"elid", "101"}});
  EXPECT_EQ(response.status, 502);
  EXPECT_EQ(response.content_type.rfind("text/html", 0), 0u);
  EXPECT_NE(response.raw.find("502 Bad Gateway"), std::string::npos);
  EXPECT_EQ(admin_->Get("vm.start", {{"elid", "101"}}).status, 200);  // GET is not matched
}

TEST_F(FaultTest, LatencyRuleDelaysMatchingRequests) {
  server_.AddFault({{"action", "latency"}, {"ms", 300}, {"func", "^vm$"}, {"count", 1}});
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(admin_->Post("vm").Rows().size(), 1u);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  start = std::chrono::steady_clock::now();
  admin_->Post("vm");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
}

TEST_F(FaultTest, InstallFailEndsTheInstallWithoutTheOs) {
  server_.AddFault({{"action", "install_fail"}, {"count", 1}});
  int id = std::stoi(*CreateVm().Field("id"));
  EXPECT_TRUE(VmRow(id)->count("installing"));
  server_.AdvanceClock(121);
  Row row = *VmRow(id);
  EXPECT_FALSE(row.count("installos") || row.count("installing"));
  EXPECT_EQ(row["state"], "down");
  EXPECT_EQ(admin_->Post("vm.edit", {{"elid", std::to_string(id)}}).Field("osinstalled"), "off");
  // count 1: the next install works.
  int next = ReadyVm({{"name", "vm2"}});
  EXPECT_EQ(admin_->Post("vm.edit", {{"elid", std::to_string(next)}}).Field("osinstalled"), "on");
}

TEST_F(FaultTest, InstallHangLastsUntilTheFaultsAreCleared) {
  server_.AddFault({{"action", "install_hang"}});
  int id = std::stoi(*CreateVm().Field("id"));
  server_.AdvanceClock(3000);  // 25 install durations, within the session's hour
  EXPECT_TRUE(VmRow(id)->count("installing"));
  server_.ClearFaults();
  Row row = *VmRow(id);
  EXPECT_FALSE(row.count("installing"));
  EXPECT_EQ(row["state"], "running");
}

TEST_F(FaultTest, ExpireSessionsKillsEverySessionNow) {
  server_.AddFault({{"action", "expire_sessions"}});
  EXPECT_EQ(admin_->Post("vm").ErrorType(), "auth");
  EXPECT_EQ(server_.State()["sessions"], 0);
  EXPECT_TRUE(server_.State()["faults"].empty());  // no rule stays
  EXPECT_EQ(NewClient().Post("vm", {{"authinfo", "admin:admin-secret"}}).Rows().size(), 1u);
}

TEST_F(FaultTest, MalformedRulesAreRefused) {
  EXPECT_THROW(server_.AddFault({{"action", "explode"}}), std::invalid_argument);
  EXPECT_THROW(server_.AddFault({{"action", "error"}}), std::invalid_argument);
  EXPECT_THROW(server_.AddFault({{"action", "drop"}, {"path", "/vmmgr"}}), std::invalid_argument);
  EXPECT_THROW(server_.AddFault({{"action", "status"}, {"status", 42}}), std::invalid_argument);
  EXPECT_THROW(server_.AddFault({{"action", "drop"}, {"func", "("}}), std::invalid_argument);
  EXPECT_TRUE(server_.State()["faults"].empty());
}

}  // namespace
}  // namespace vm5sim::testing
