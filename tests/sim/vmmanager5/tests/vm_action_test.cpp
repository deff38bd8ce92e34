// Power actions, delete, reinstall, password change, the busy install, several elids.
#include "support.h"

namespace vm5sim::testing {
namespace {

class VmActionTest : public SimTest {};

TEST_F(VmActionTest, PowerActionsTakeAShortSimulatedTime) {
  ASSERT_TRUE(admin_->Post("vm.stop", {{"elid", "101"}}).Ok());
  EXPECT_EQ(VmRow(101)->at("state"), "running");
  server_.AdvanceClock(6);
  EXPECT_EQ(VmRow(101)->at("state"), "down");
  ASSERT_TRUE(admin_->Post("vm.restart", {{"elid", "101"}}).Ok());  // a stopped VM starts
  server_.AdvanceClock(6);
  EXPECT_EQ(VmRow(101)->at("state"), "running");
  ASSERT_TRUE(admin_->Post("vm.start", {{"elid", "101"}}).Ok());  // already running: no change
  server_.AdvanceClock(6);
  EXPECT_EQ(VmRow(101)->at("state"), "running");
}

TEST_F(VmActionTest, SeveralElidsActTogether) {
  int id = ReadyVm();
  ASSERT_TRUE(admin_->Post("vm.stop", {{"elid", "101, " + std::to_string(id)}}).Ok());
  server_.AdvanceClock(6);
  EXPECT_EQ(VmRow(101)->at("state"), "down");
  EXPECT_EQ(VmRow(id)->at("state"), "down");
  // One unknown element refuses the whole action.
  Response mixed = admin_->Post("vm.start", {{"elid", "101, 999"}});
  EXPECT_EQ(mixed.ErrorType(), "missing");
  server_.AdvanceClock(6);
  EXPECT_EQ(VmRow(101)->at("state"), "down");
}

TEST_F(VmActionTest, DeleteRemovesTheVmAndFreesItsAddresses) {
  ASSERT_TRUE(admin_->Post("vm.delete", {{"elid", "101"}}).Ok());
  EXPECT_FALSE(VmRow(101));
  EXPECT_TRUE(server_.State()["ips"].empty());
  Response created = CreateVm();
  EXPECT_EQ((*VmRow(std::stoi(*created.Field("id"))))["ip"], "203.0.113.10");
  EXPECT_EQ(admin_->Post("vm.delete", {{"elid", "101"}}).ErrorType(), "missing");
}

TEST_F(VmActionTest, EverythingButReadingIsBusyWhileTheOsInstalls) {
  int id = std::stoi(*CreateVm().Field("id"));
  std::string elid = std::to_string(id);
  for (const auto& [func, fields] : std::vector<std::pair<std::string, Form>>{
           {"vm.start", {{"elid", elid}}},
           {"vm.stop", {{"elid", elid}}},
           {"vm.restart", {{"elid", elid}}},
           {"vm.delete", {{"elid", elid}}},
           {"vm.edit", {{"elid", elid}, {"sok", "ok"}, {"mem", "2048"}}},
           {"vm.chpasswd", {{"elid", elid}, {"sok", "ok"}, {"password", "a"}, {"confirm", "a"}}},
           {"vm.reinstall",
            {{"elid", elid},
             {"sok", "ok"},
             {"vmi", "ISPsystem__Debian-12-amd64"},
             {"password", "a"},
             {"confirm", "a"}}},
           {"iplist.edit", {{"plid", elid}, {"sok", "ok"}}}}) {
    Response response = admin_->Post(func, fields);
    EXPECT_EQ(response.ErrorType(), "busy") << func;
    EXPECT_EQ(response.ErrorObject(), "vm") << func;
  }
  EXPECT_EQ(admin_->Post("vm.edit", {{"elid", elid}}).Field("mem"), "1024");
  EXPECT_EQ(admin_->Post("iplist", {{"plid", elid}}).Rows().size(), 1u);
  server_.AdvanceClock(121);
  EXPECT_TRUE(admin_->Post("vm.stop", {{"elid", elid}}).Ok());
}

TEST_F(VmActionTest, ReinstallInstallsAgainWithTheNewPassword) {
  int id = ReadyVm();  // on node2, which lacks CentOS
  std::string elid = std::to_string(id);
  std::string before = server_.VmState(id)->at("password_sha256");
  Form centos = {{"elid", elid},
                 {"sok", "ok"},
                 {"vmi", "ISPsystem__CentOS-7-amd64"},
                 {"password", "New-1"},
                 {"confirm", "New-1"}};
  EXPECT_EQ(admin_->Post("vm.reinstall", centos).ErrorObject(), "vmi");
  Form mismatch = {{"elid", elid},
                   {"sok", "ok"},
                   {"vmi", "ISPsystem__Debian-12-amd64"},
                   {"password", "New-1"},
                   {"confirm", "New-2"}};
  EXPECT_EQ(admin_->Post("vm.reinstall", mismatch).ErrorObject(), "confirm");
  Response read = admin_->Post("vm.reinstall", {{"elid", elid},
                                                {"vmi", "ISPsystem__Debian-12-amd64"},
                                                {"password", "New-1"},
                                                {"confirm", "New-1"}});
  EXPECT_EQ(read.Field("vmi"), "ISPsystem__Debian-12-amd64");
  EXPECT_FALSE(VmRow(id)->count("installing"));
  EXPECT_EQ(server_.VmState(id)->at("password_sha256"), before);
  Client owner = As("operator", "operator-secret");
  Response done = owner.Post("vm.reinstall", {{"elid", elid},
                                              {"sok", "ok"},
                                              {"vmi", "ISPsystem__Debian-12-amd64"},
                                              {"password", "New-1"},
                                              {"confirm", "New-1"}});
  ASSERT_TRUE(done.Ok()) << done.raw;
  EXPECT_TRUE(VmRow(id)->count("installos"));
  EXPECT_NE(server_.VmState(id)->at("password_sha256"), before);
  server_.AdvanceClock(121);
  EXPECT_EQ(VmRow(id)->at("state"), "running");
}

TEST_F(VmActionTest, ChpasswdReadsWithoutSokAndChangesWithIt) {
  std::string before = server_.VmState(101)->at("password_sha256");
  Response read =
      admin_->Post("vm.chpasswd", {{"elid", "101"}, {"password", "p"}, {"confirm", "p"}});
  EXPECT_FALSE(read.Ok());
  EXPECT_EQ(server_.VmState(101)->at("password_sha256"), before);
  Client owner = As("operator", "operator-secret");
  EXPECT_EQ(owner
                .Post("vm.chpasswd",
                      {{"elid", "101"}, {"sok", "ok"}, {"password", "p"}, {"confirm", "q"}})
                .ErrorObject(),
            "confirm");
  ASSERT_TRUE(owner
                  .Post("vm.chpasswd",
                        {{"elid", "101"}, {"sok", "ok"}, {"password", "p"}, {"confirm", "p"}})
                  .Ok());
  EXPECT_NE(server_.VmState(101)->at("password_sha256"), before);
}

TEST_F(VmActionTest, AUserActsOnlyOnItsOwnVms) {
  int admins = ReadyVm({{"user", "1"}});
  Client owner = As("operator", "operator-secret");
  std::vector<Row> rows = owner.Post("vm").Rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["id"], "101");
  EXPECT_TRUE(owner.Post("vm.restart", {{"elid", "101"}}).Ok());
  EXPECT_EQ(owner.Post("vm.stop", {{"elid", std::to_string(admins)}}).ErrorType(), "access");
  EXPECT_EQ(owner.Post("vm.delete", {{"elid", "101"}}).ErrorType(), "access");
  EXPECT_EQ(owner.Post("vm.stop", {{"elid", "555"}}).ErrorType(), "missing");
  EXPECT_EQ(server_.State()["vms"].size(), 2u);
}

}  // namespace
}  // namespace vm5sim::testing
