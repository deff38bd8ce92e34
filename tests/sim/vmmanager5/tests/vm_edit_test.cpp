// vm.edit with elid: the form read, edits, owner change, block, the fixed disk.
#include "support.h"

namespace vm5sim::testing {
namespace {

class VmEditTest : public SimTest {};

TEST_F(VmEditTest, FormReadShowsTheVmAndChangesNothing) {
  nlohmann::json before = server_.State()["vms"];
  Response form = admin_->Post("vm.edit", {{"elid", "101"}, {"mem", "4096"}, {"name", "x"}});
  EXPECT_FALSE(form.Ok());
  EXPECT_EQ(form.Field("name"), "foreign1");
  EXPECT_EQ(form.Field("domain"), "foreign1.example.org");
  EXPECT_EQ(form.Field("osname"), "ISPsystem__Debian-12-amd64");
  EXPECT_EQ(form.Field("mem"), "1024");
  EXPECT_EQ(form.Field("vcpu"), "1");
  EXPECT_EQ(form.Field("cputune"), "1000");
  EXPECT_EQ(form.Field("vsize"), "10240");
  EXPECT_EQ(form.Field("ip"), "203.0.113.10");
  EXPECT_EQ(form.Field("user"), "2");
  EXPECT_EQ(form.Field("state"), "running");
  EXPECT_EQ(form.Field("osinstalled"), "on");
  EXPECT_EQ(form.Field("blocked"), "off");
  EXPECT_EQ(server_.State()["vms"], before);
  Response empty = admin_->Post("vm.edit");
  EXPECT_EQ(empty.Field("hostnode"), "auto");
  EXPECT_EQ(empty.Field("name"), "");
  EXPECT_EQ(server_.State()["vms"], before);
}

TEST_F(VmEditTest, EditChangesTheFieldsGiven) {
  Response edit = admin_->Post("vm.edit", {{"elid", "101"},
                                           {"sok", "ok"},
                                           {"mem", "2048"},
                                           {"vcpu", "2"},
                                           {"cputune", "1500"},
                                           {"name", "renamed"},
                                           {"domain", "r.example"},
                                           {"vsize", "10240"}});
  ASSERT_TRUE(edit.Ok()) << edit.raw;
  Row row = *VmRow(101);
  EXPECT_EQ(row["mem"], "2048");
  EXPECT_EQ(row["vcpu"], "2");
  EXPECT_EQ(row["cputune"], "1500");
  EXPECT_EQ(row["name"], "renamed");
  EXPECT_EQ(row["domain"], "r.example");
  EXPECT_EQ(row["user"], "operator");
}

TEST_F(VmEditTest, OwnerChangeMovesTheVmToTheNewUser) {
  admin_->Post("user.edit",
               {{"sok", "ok"}, {"name", "buyer"}, {"passwd", "pw"}, {"confirm", "pw"}});
  ASSERT_TRUE(admin_->Post("vm.edit", {{"elid", "101"}, {"sok", "ok"}, {"user", "3"}}).Ok());
  Row row = *VmRow(101);
  EXPECT_EQ(row["uid"], "3");
  EXPECT_EQ(row["user"], "buyer");
  EXPECT_EQ(row["ip"], "203.0.113.10");  // addresses stay
  EXPECT_TRUE(As("operator", "operator-secret").Post("vm").Rows().empty());
  EXPECT_EQ(As("buyer", "pw").Post("vm").Rows().size(), 1u);
}

TEST_F(VmEditTest, ARefusedEditChangesNothing) {
  nlohmann::json before = server_.State()["vms"];
  struct Case {
    Form fields;
    std::string type, object;
  };
  for (const Case& c : std::vector<Case>{{{{"mem", "4096"}, {"user", "99"}}, "value", "user"},
                                         {{{"mem", "4096"}, {"vsize", "20480"}}, "value", "vsize"},
                                         {{{"mem", "0"}}, "value", "mem"},
                                         {{{"blocked", "yes"}}, "value", "blocked"},
                                         {{{"name", ""}}, "value", "name"}}) {
    Form fields = c.fields;
    fields.insert(fields.begin(), {{"elid", "101"}, {"sok", "ok"}});
    Response response = admin_->Post("vm.edit", fields);
    EXPECT_EQ(response.ErrorType(), c.type) << response.raw;
    EXPECT_EQ(response.ErrorObject(), c.object);
  }
  EXPECT_EQ(server_.State()["vms"], before);
  int id = ReadyVm();
  Response taken =
      admin_->Post("vm.edit", {{"elid", std::to_string(id)}, {"sok", "ok"}, {"name", "foreign1"}});
  EXPECT_EQ(taken.ErrorType(), "exists");
  EXPECT_EQ(taken.ErrorObject(), "name");
  EXPECT_EQ(admin_->Post("vm.edit", {{"elid", "999"}, {"sok", "ok"}}).ErrorType(), "missing");
}

TEST_F(VmEditTest, ABlockedVmCannotBeStartedByItsOwner) {
  Client owner = As("operator", "operator-secret");
  ASSERT_TRUE(owner.Post("vm.stop", {{"elid", "101"}}).Ok());
  server_.AdvanceClock(6);
  ASSERT_TRUE(admin_->Post("vm.edit", {{"elid", "101"}, {"sok", "ok"}, {"blocked", "on"}}).Ok());
  EXPECT_EQ(VmRow(101)->at("blocked"), "on");
  for (const char* func : {"vm.start", "vm.restart"}) {
    Response refused = owner.Post(func, {{"elid", "101"}});
    EXPECT_EQ(refused.ErrorType(), "access") << func;
  }
  server_.AdvanceClock(60);
  EXPECT_EQ(VmRow(101)->at("state"), "down");
  ASSERT_TRUE(admin_->Post("vm.start", {{"elid", "101"}}).Ok());  // the administrator may
  server_.AdvanceClock(6);
  EXPECT_EQ(VmRow(101)->at("state"), "running");
  EXPECT_TRUE(owner.Post("vm.stop", {{"elid", "101"}}).Ok());  // stopping stays allowed
  ASSERT_TRUE(admin_->Post("vm.edit", {{"elid", "101"}, {"sok", "ok"}, {"blocked", "off"}}).Ok());
  EXPECT_TRUE(owner.Post("vm.start", {{"elid", "101"}}).Ok());
}

TEST_F(VmEditTest, AUserReadsItsOwnFormButEditsNothing) {
  int admins = ReadyVm({{"user", "1"}});
  Client owner = As("operator", "operator-secret");
  EXPECT_EQ(owner.Post("vm.edit", {{"elid", "101"}}).Field("name"), "foreign1");
  EXPECT_EQ(owner.Post("vm.edit", {{"elid", "101"}, {"sok", "ok"}, {"mem", "9999"}}).ErrorType(),
            "access");
  EXPECT_EQ(owner.Post("vm.edit", {{"elid", std::to_string(admins)}}).ErrorType(), "access");
  EXPECT_EQ(owner.Post("vm.edit").ErrorType(), "access");
  EXPECT_EQ(owner.Post("vm.edit", VmForm({{"name", "mine"}})).ErrorType(), "access");
  EXPECT_EQ(VmRow(101)->at("mem"), "1024");
  EXPECT_EQ(server_.State()["vms"].size(), 2u);
}

}  // namespace
}  // namespace vm5sim::testing
