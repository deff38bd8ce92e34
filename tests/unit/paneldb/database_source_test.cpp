// The panel database as the service source, on a real MariaDB (tests/support/mariadb.sh), with
// the rows the notes call awkward (billmanager-db §6).
#include "paneldb/database_source.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "seeded_panel.h"

namespace pm::paneldb {
namespace {

using DatabaseSourceTest = SeededPanel;

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

TEST_F(DatabaseSourceTest, ChangepasswordTakesTheCryptedPasswordOfItsArgument) {
  auto item = *Load({"--command", "changepassword", "--item", "1001", "--password", db.Encrypt("N3w pa55 ☃")}).item;
  EXPECT_EQ(item.params.Get("password"), "N3w pa55 ☃") << "the new password, not the stored one";
  try {
    Load({"--command", "changepassword", "--item", "1001", "--password", "bm90IGEgY2lwaGVydGV4dA=="});
    FAIL() << "a password that does not decrypt passed";
  } catch (const core::Error& e) {
    EXPECT_EQ(std::string(core::ToString(e.type())) + " " + e.object(), "value password");
  }
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
