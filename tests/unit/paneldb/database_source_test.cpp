// The panel database as the service source, on a real MariaDB (tests/support/mariadb.sh), with
// the rows the notes call awkward (billmanager-db §6).
#include "paneldb/database_source.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "panel_database.h"
#include "recording_panel.h"

namespace pm::paneldb {
namespace {

namespace fs = std::filesystem;

class DatabaseSourceTest : public ::testing::Test {
 protected:
  DatabaseSourceTest() : root(fs::temp_directory_path() / ("paneldb-" + std::to_string(::getpid()))) {
    fs::create_directories(root / "var");
    panel.answers["paramlist"] = db.Install(root);
    Seed();
  }
  ~DatabaseSourceTest() override { fs::remove_all(root); }

  // Module 7 (ours, password crypted) on tariff 100 with addons ncpu, mem, disc, ip and the
  // backup_schedule enumeration; service 1001 of account 1 with a child item for each but disc.
  void Seed() {
    db.Exec("INSERT INTO itemtype VALUES (1, 'vds'), (2, 'ncpu'), (3, 'mem'), (4, 'disc'), (5, 'ip'), (6, 'backup')");
    db.Exec("INSERT INTO measure VALUES (1, 'byte', NULL, NULL), (2, 'KiB', 1024, 1), (3, 'MiB', 1024, 2),"
            " (4, 'GiB', 1024, 3)");
    db.Exec("INSERT INTO enumerationitem VALUES (31, 'vm6_7_1'), (32, 'vm6_7_2')");
    db.Exec("INSERT INTO account VALUES (1, 'buyer')");
    db.Exec("INSERT INTO user VALUES (1, 1, 'buyer', 'buyer@example.com'), (2, 1, 'second', 'other@example.com')");
    db.Exec("INSERT INTO processingmodule (id, name, module) VALUES (7, 'VMmanager', 'pmvmmanager6'),"
            " (8, 'Proxmox', 'pmproxmox')");
    db.Exec("INSERT INTO processingparam VALUES (7, 'url', 'https://vm6.example.net'), (7, 'username', 'admin@example.com')");
    db.Exec("INSERT INTO processingcryptedparam VALUES (7, 'password', ?)", {db.Encrypt("Pa$$ word ☃")});
    db.Exec("INSERT INTO pricelist (id, parent, itemtype, intname) VALUES (100, NULL, 1, 'vps-small')");
    db.Exec("INSERT INTO pricelist (id, parent, itemtype, intname, addontype, addonlimit, measure, enumerationitem) VALUES"
            " (101, 100, 2, '', 2, 1, NULL, NULL), (102, 100, 3, 'mem', 2, 1024, 3, NULL),"
            " (103, 100, 4, 'disc', 2, 10, 4, NULL), (104, 100, 5, 'ip', 2, 1, NULL, NULL),"
            " (105, 100, 6, 'backup_schedule', 3, NULL, NULL, 31)");
    db.Exec("INSERT INTO pricelistparam VALUES (100, 'preset', 'Small'), (100, 'mem', '999')");
    db.Exec("INSERT INTO item (id, account, pricelist, processingmodule, status, period) VALUES (1001, 1, 100, 7, 2, 1)");
    db.Exec("INSERT INTO item (id, parent, pricelist, intvalue, enumerationitem) VALUES (2001, 1001, 101, 1, NULL),"
            " (2002, 1001, 102, 1024, NULL), (2004, 1001, 104, 0, NULL), (2005, 1001, 105, NULL, 32)");
    db.Exec("INSERT INTO itemparam (item, intname, value) VALUES (1001, 'ostempl', 'ISPsystem__Debian 12'),"
            " (1001, 'domain', 'web1.example.com')");
    db.Exec("INSERT INTO itemcryptedparam VALUES (1001, 'password', ?), (1001, 'userpassword', '')",
            {db.Encrypt("client-secret")});
    db.Exec("INSERT INTO ip VALUES (501, '203.0.113.7', 2004, 1)");
  }

  core::Input Load(std::vector<std::string> argv) {
    argv.insert(argv.begin(), "pmvmmanager6");
    return source.Load(core::ParseArgs(argv));
  }

  fs::path root;
  test::PanelDatabase db;
  test::RecordingPanel panel;
  core::Log log{"pmvmmanager6", root.string()};
  DatabaseSource source{"pmvmmanager6", panel, log, root.string()};
};

TEST_F(DatabaseSourceTest, AServiceComesWithItsTariffModuleAddonsAndDecryptedValues) {
  auto input = Load({"--command", "open", "--item", "1001"});
  ASSERT_TRUE(input.module && input.item);
  EXPECT_EQ(input.module->id, 7);
  EXPECT_EQ(input.module->params.Get("url"), "https://vm6.example.net");
  EXPECT_EQ(input.module->params.Get("password"), "Pa$$ word ☃");
  const auto& item = *input.item;
  EXPECT_EQ(item.id, 1001);
  EXPECT_EQ(item.account, 1);
  EXPECT_EQ(item.pricelist_id, 100);
  EXPECT_EQ(item.params.Get("ostempl"), "ISPsystem__Debian 12");
  EXPECT_EQ(item.params.Get("password"), "client-secret");
  EXPECT_FALSE(item.params.Find("userpassword")) << "an empty crypted value is empty";
  EXPECT_EQ(item.params.Get("email"), "buyer@example.com") << "the account's first user";
  EXPECT_EQ(item.params.Get("ip"), "203.0.113.7");
  EXPECT_EQ(item.Addon("ncpu")->value, 2) << "named by the itemtype when the addon has no intname";
  EXPECT_EQ(item.Addon("mem")->value, 2048) << "included + ordered";
  EXPECT_EQ(item.Addon("mem")->measure, "MiB");
  EXPECT_EQ(item.Addon("disc")->value, 10) << "no child item: the tariff's included amount";
  EXPECT_EQ(item.Addon("disc")->measure, "GiB");
  EXPECT_EQ(item.Choice("backup_schedule"), "vm6_7_2") << "the chosen value, not the tariff's default";
  EXPECT_EQ(item.pricelist.Get("preset"), "Small");
  EXPECT_EQ(item.pricelist.Get("mem"), "999") << "a tariff param named like an addon stays a tariff param";
  EXPECT_EQ(panel.Named("paramlist").size(), 1u);
}

TEST_F(DatabaseSourceTest, ANullIncludedAmountATrialAndAnUnchosenEnumerationFollowTheTariff) {
  db.Exec("UPDATE pricelist SET addonlimit = NULL WHERE id = 101");
  db.Exec("UPDATE pricelist SET addonmaxtrial = 1536 WHERE id = 102");
  db.Exec("UPDATE item SET period = -100 WHERE id = 1001");
  db.Exec("DELETE FROM item WHERE id = 2005");
  auto item = *Load({"--command", "open", "--item", "1001"}).item;
  EXPECT_EQ(item.Addon("ncpu")->value, 1) << "NULL included amount: only what was ordered";
  EXPECT_EQ(item.Addon("mem")->value, 1536) << "a trial is clamped to the trial maximum";
  EXPECT_EQ(item.Choice("backup_schedule"), "vm6_7_1") << "no child item: the tariff's default value";
}

TEST_F(DatabaseSourceTest, AModuleCommandReadsTheModuleAlone) {
  auto input = Load({"--command", "get_server_config", "--module", "7"});
  EXPECT_FALSE(input.item);
  ASSERT_TRUE(input.module);
  EXPECT_EQ(input.module->params.Get("username"), "admin@example.com");
}

TEST_F(DatabaseSourceTest, WhatIsNotOursOrNotThereIsRefusedByType) {
  db.Exec("INSERT INTO item (id, account, pricelist, processingmodule) VALUES (1002, 1, 100, 8)");
  auto type_of = [&](std::vector<std::string> argv) {
    try {
      Load(std::move(argv));
    } catch (const core::Error& e) {
      return std::string(core::ToString(e.type())) + " " + e.object();
    }
    return std::string("no error");
  };
  EXPECT_EQ(type_of({"--command", "open", "--item", "1002"}), "access processingmodule")
      << "a service of another module bound to the same tariff";
  EXPECT_EQ(type_of({"--command", "open", "--item", "4242"}), "notfound item");
  EXPECT_EQ(type_of({"--command", "stat", "--module", "99"}), "notfound processingmodule");
  EXPECT_EQ(type_of({"--command", "open", "--item", "1001", "--module", "8"}), "value module");
  db.Exec("UPDATE processingcryptedparam SET value = 'bm90IGEgY2lwaGVydGV4dA==' WHERE intname = 'password'");
  EXPECT_EQ(type_of({"--command", "open", "--item", "1001"}), "value password");
}

TEST_F(DatabaseSourceTest, AnUnreachableDatabaseNamesItsSocketNeverThePassword) {
  panel.answers["paramlist"] =
      "<doc><elem><DBUser>billmgr</DBUser></elem><elem><DBPassword>Very-Secret-9</DBPassword></elem>"
      "<elem><DBSocket>/nonexistent/mysqld.sock</DBSocket></elem></doc>";
  try {
    Load({"--command", "open", "--item", "1001"});
    FAIL() << "connected to nothing";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.type(), core::ErrorType::Connection);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/mysqld.sock"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("Very-Secret-9"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pm::paneldb
