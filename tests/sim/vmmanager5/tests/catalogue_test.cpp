// osmgr, preset, preset.edit, recipemgr, vmhostnode; administrator functions only.
#include "support.h"

namespace vm5sim::testing {
namespace {

class CatalogueTest : public SimTest {};

TEST_F(CatalogueTest, OsmgrListsTemplatesWithTheirInstallState) {
  std::vector<Row> rows = admin_->Post("osmgr").Rows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Row{{"id", "ISPsystem__CentOS-7-amd64"},
                          {"name", "CentOS-7-amd64"},
                          {"repo", "ISPsystem"},
                          {"installed", "on"},
                          {"mindisk", "5120"}}));
  EXPECT_EQ(rows[1]["id"], "ISPsystem__Debian-12-amd64");
  EXPECT_EQ(rows[1]["installed"], "on");
  EXPECT_EQ(rows[2]["id"], "ISPsystem__FreeBSD-13-amd64");
  EXPECT_EQ(rows[2]["installed"], "off");
}

TEST_F(CatalogueTest, PresetsListAndRead) {
  std::vector<Row> rows = admin_->Post("preset").Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (Row{{"id", "2"},
                          {"name", "Medium"},
                          {"mem", "2048"},
                          {"vcpu", "2"},
                          {"vsize", "20480"},
                          {"cputune", "2000"}}));
  Response form = admin_->Post("preset.edit", {{"elid", "1"}, {"mem", "4096"}});
  EXPECT_EQ(form.Field("name"), "Small");
  EXPECT_EQ(form.Field("mem"), "1024");
  EXPECT_EQ(form.Field("cputune"), "1000");
  EXPECT_EQ(admin_->Post("preset.edit", {{"elid", "7"}}).ErrorType(), "missing");
  ASSERT_TRUE(admin_->Post("preset.edit", {{"elid", "1"}, {"sok", "ok"}, {"mem", "4096"}}).Ok());
  EXPECT_EQ(admin_->Post("preset").Rows()[0]["mem"], "4096");
  EXPECT_EQ(
      admin_->Post("preset.edit", {{"elid", "1"}, {"sok", "ok"}, {"vcpu", "0"}}).ErrorObject(),
      "vcpu");
}

TEST_F(CatalogueTest, RecipesAndNodes) {
  EXPECT_EQ(admin_->Post("recipemgr").Rows(), (std::vector<Row>{{{"id", "1"}, {"name", "LAMP"}}}));
  std::vector<Row> nodes = admin_->Post("vmhostnode").Rows();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0], (Row{{"id", "1"},
                           {"name", "node1"},
                           {"ip", "192.0.2.21"},
                           {"vmcount", "1"},
                           {"blocked", "off"},
                           {"mem", "65536"},
                           {"vmlimit", "0"}}));
  EXPECT_EQ(nodes[1]["vmcount"], "0");
}

TEST_F(CatalogueTest, AUserGetsAccessErrorsForAdministratorFunctions) {
  Client user = As("operator", "operator-secret");
  for (const char* func :
       {"osmgr", "preset", "preset.edit", "recipemgr", "vmhostnode", "user", "user.edit",
        "user.delete", "user.suspend", "user.resume", "iplist.edit", "vm.delete"}) {
    Response response = user.Post(func, {{"elid", "1"}});
    EXPECT_EQ(response.ErrorType(), "access") << func;
    EXPECT_FALSE(response.doc().child("elem")) << func;
  }
}

}  // namespace
}  // namespace vm5sim::testing
