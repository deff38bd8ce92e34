// Client backups on a stock panel (contract §13): cron's backup_tick and the Backups page find the
// service and its module in the panel's database, so what the admin or the client changed there
// counts at once, not only after the next item command; with the database out of reach they go
// on from the registry the module keeps.
#include <fstream>

#include "backups_fixture.h"

namespace pm::contract {
namespace {

struct WithPanelDatabase {
  test::PanelDatabase db;
};

class StockPanelBackups : public WithPanelDatabase, public Backups {
 protected:
  StockPanelBackups() : Backups(0.05, {}, &db) {}

  // What the admin does in the panel without any command reaching the module: the module's
  // backup storage, and the service's quota (an upgrade of its backup_quota addon to `quota`).
  void ChangeInThePanel(const std::string& storage, int quota) {
    db.Exec("UPDATE processingparam SET value = ? WHERE intname = 'backup_storage'", {storage});
    db.Exec("UPDATE item SET intvalue = ? - 1 WHERE parent = 1001 AND pricelist ="
            " (SELECT id FROM pricelist WHERE intname = 'backup_quota')",
            {std::to_string(quota)});
  }
};

TEST_F(StockPanelBackups, ThePageAndTheTickReadWhatThePanelHoldsNow) {
  ChangeInThePanel("local", 5);
  Result list = Page("vds.backups");
  EXPECT_EQ(std::string(list.doc.child("doc").child_value("quota")), "0/5") << list.out;
  EXPECT_FALSE(list.Calls("paramlist").empty()) << "the page did not read the panel's database";

  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}, {"notes", "before the upgrade"}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  EXPECT_EQ(Archives("local").size(), 1u) << "the backup went to the storage the panel names now";
  EXPECT_TRUE(Archives("backup-nfs").empty());
  EXPECT_EQ(Rows(Page("vds.backups"), "notes"), std::vector<std::string>{"before the upgrade"});
}

TEST_F(StockPanelBackups, WithTheDatabaseOutOfReachCronAndThePageGoOnFromTheRegistry) {
  std::ofstream(panel.root() / "paramlist.xml")
      << "<doc><elem><DBUser>billmgr</DBUser></elem><elem><DBPassword>" << db.password()
      << "</DBPassword></elem><elem><DBSocket>/nonexistent/mysqld.sock</DBSocket></elem></doc>";
  Result list = Page("vds.backups");
  EXPECT_EQ(std::string(list.doc.child("doc").child_value("quota")), "0/2") << list.out;
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  EXPECT_EQ(Archives("backup-nfs").size(), 1u) << "the registry's storage, as the last command saw it";
  for (const std::string& log : {panel.Log(), panel.PageLog()}) {
    EXPECT_NE(log.find("/nonexistent/mysqld.sock"), std::string::npos) << "the fallback is not explained";
    EXPECT_EQ(log.find(db.password()), std::string::npos) << "the database password reached a log";
  }
}

}  // namespace
}  // namespace pm::contract
