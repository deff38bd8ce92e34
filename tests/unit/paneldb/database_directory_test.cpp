// The directory cron and the client pages use: the panel's database when the panel names one
// that answers, the module's registry otherwise.
#include "paneldb/database_directory.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "seeded_panel.h"

namespace pm::paneldb {
namespace {

// The registry stands for what the module kept of its last runs: module 7 with an old password
// and service 1001 on it.
class KeptRegistry : public core::ServiceDirectory {
 public:
  KeptRegistry() {
    module.id = 7;
    module.params.Set("password", "the password of the last run");
  }
  std::optional<core::Input> Find(long item) override {
    if (item != 1001) return std::nullopt;
    core::Service service;
    service.id = item;
    return core::Input{module, service};
  }
  std::optional<core::ModuleConfig> Module(long id) override {
    return id == 7 ? std::optional<core::ModuleConfig>(module) : std::nullopt;
  }
  std::vector<core::ModuleConfig> Modules() override { return {module}; }

  core::ModuleConfig module;
};

class DatabaseDirectoryTest : public SeededPanel {
 protected:
  DatabaseDirectory& Directory() {
    directory.emplace(source, traits, log, std::make_unique<KeptRegistry>());
    return *directory;
  }
  std::string LogText() const {
    std::ifstream file(root / "var/pmvmmanager6.log");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  core::ModuleTraits traits{"pmvmmanager6", "vds", {"url", "username"}, {"password"}, {"password"}, {}};
  std::optional<DatabaseDirectory> directory;
};

TEST_F(DatabaseDirectoryTest, ServicesAndModulesComeFromTheDatabaseWithTheirSecretsMasked) {
  auto& directory = Directory();
  auto found = directory.Find(1001);
  ASSERT_TRUE(found && found->item && found->module);
  EXPECT_EQ(found->item->params.Get("password"), "client-secret");
  EXPECT_EQ(found->item->Addon("mem")->value, 2048);
  EXPECT_EQ(found->module->params.Get("password"), "Pa$$ word ☃") << "the panel's value, not the registry's";
  EXPECT_EQ(log.Masked("client-secret and Pa$$ word ☃").find("secret"), std::string::npos);
  EXPECT_EQ(log.Masked("client-secret and Pa$$ word ☃").find("word"), std::string::npos);

  auto modules = directory.Modules();
  ASSERT_EQ(modules.size(), 1u) << "module 8 is a pmproxmox module";
  EXPECT_EQ(modules[0].id, 7);
  EXPECT_FALSE(directory.Module(8));
  EXPECT_FALSE(directory.Module(99));
  EXPECT_EQ(panel.Named("paramlist").size(), 1u) << "one connection per run";
}

TEST_F(DatabaseDirectoryTest, AServiceNotThereOrOfAnotherModuleIsNotInTheDirectory) {
  db.Exec("INSERT INTO item (id, account, pricelist, processingmodule) VALUES (1002, 1, 100, 8)");
  auto& directory = Directory();
  EXPECT_FALSE(directory.Find(1002)) << "a service of another module bound to the same tariff";
  EXPECT_FALSE(directory.Find(4242));
}

TEST_F(DatabaseDirectoryTest, AValueThatDoesNotDecryptIsAnErrorNotAMissingService) {
  db.Exec("UPDATE itemcryptedparam SET value = 'bm90IGEgY2lwaGVydGV4dA==' WHERE intname = 'password'");
  try {
    Directory().Find(1001);
    FAIL() << "an undecryptable password passed";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.type(), core::ErrorType::Value);
    EXPECT_EQ(e.object(), "password");
  }
}

TEST_F(DatabaseDirectoryTest, WithoutAPanelDatabaseTheRegistryAnswers) {
  panel.answers["paramlist"] = "<doc/>";
  auto& directory = Directory();
  auto found = directory.Find(1001);
  ASSERT_TRUE(found && found->module);
  EXPECT_EQ(found->module->params.Get("password"), "the password of the last run");
  EXPECT_EQ(directory.Modules().size(), 1u);
  EXPECT_EQ(LogText().find("WARNING"), std::string::npos) << "no panel here is no fault: " << LogText();
}

TEST_F(DatabaseDirectoryTest, ADatabaseOutOfReachLeavesTheRegistryAndSaysWhy) {
  panel.answers["paramlist"] =
      "<doc><elem><DBUser>billmgr</DBUser></elem><elem><DBPassword>Very-Secret-9</DBPassword></elem>"
      "<elem><DBSocket>/nonexistent/mysqld.sock</DBSocket></elem></doc>";
  auto& directory = Directory();
  auto found = directory.Find(1001);
  ASSERT_TRUE(found && found->module);
  EXPECT_EQ(found->module->params.Get("password"), "the password of the last run");
  EXPECT_TRUE(directory.Module(7));
  EXPECT_EQ(panel.Named("paramlist").size(), 1u) << "the choice is made once per run";
  std::string text = LogText();
  EXPECT_NE(text.find("/nonexistent/mysqld.sock"), std::string::npos) << text;
  EXPECT_EQ(text.find("Very-Secret-9"), std::string::npos) << text;
}

}  // namespace
}  // namespace pm::paneldb
