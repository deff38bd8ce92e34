#include "core/module.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/item_lock.h"
#include "core/service_registry.h"
#include "core/stdin_source.h"
#include "recording_panel.h"

using namespace pm::core;
namespace fs = std::filesystem;

namespace {

// A module whose open either succeeds or throws what the test chose.
class ScriptedModule : public Module {
 public:
  const ModuleTraits& Traits() const override {
    static const ModuleTraits traits = [] {
      ModuleTraits t;
      t.name = "pmscripted";
      t.itemtype = "vds";
      t.params = {"url"};
      t.secret_params = {"password", "relay"};
      t.service_secrets = {"password"};
      t.commands = ContractCommands();
      t.commands.push_back({"sweep", CommandKind::Cron});
      return t;
    }();
    return traits;
  }
  std::optional<Reply> Custom(const std::string& command, Context& ctx) override {
    if (command != "sweep") return std::nullopt;
    swept_modules = ctx.directory().Modules().size();
    if (fail) fail();
    return Reply();
  }
  Reply CheckConnection(Context&) override { return Reply(); }
  Reply Open(Context& ctx) override {
    if (fail) fail();
    opened_item = ctx.item().id;
    return Reply().Add("vmid", "105");
  }
  Reply Suspend(Context&) override { return Reply(); }
  Reply Resume(Context&) override { return Reply(); }
  Reply Close(Context&) override { return Reply(); }
  Reply SetParam(Context&) override { return Reply(); }
  Reply Reboot(Context&) override { return Reply(); }
  Reply SyncItem(Context&) override { return Reply(); }
  Reply GetServerConfig(Context&) override { return Reply(); }
  Reply Stat(Context&) override { return Reply(); }
  std::optional<Error> Translate(const std::exception& e) override {
    if (std::string(e.what()) == "hypervisor says no") return Error(ErrorType::Api, "vm", e.what());
    return std::nullopt;
  }

  std::function<void()> fail;
  long opened_item = 0;
  size_t swept_modules = 0;
};

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("pm-run-" + std::to_string(::getpid()));
    fs::create_directories(root / "var");
  }
  void TearDown() override { fs::remove_all(root); }

  int RunWith(const std::string& stdin_text, std::vector<std::string> argv) {
    std::istringstream in(stdin_text);
    StdinSource source(in);
    Log log(module.Name(), root.string());
    out.str("");
    Dependencies deps{source, panel, log, out, root.string()};
    argv.insert(argv.begin(), "pmscripted");
    return pm::core::Run(module, argv, deps);
  }

  fs::path root;
  ScriptedModule module;
  pm::test::RecordingPanel panel;
  std::ostringstream out;
  const std::string doc = R"(<doc><processingmodule id="7"><password>s3cret-pass</password>
      <relay>smtp://mailer:r3lay-pass@relay.example:587</relay></processingmodule>
      <item id="1001"><param name="ostempl">x</param><param name="password">cl1ent-pass</param></item></doc>)";
};

}  // namespace

TEST_F(RunTest, SuccessPrintsTheReplyAndRemembersTheModule) {
  EXPECT_EQ(RunWith(doc, {"--command", "open", "--item", "1001"}), 0);
  EXPECT_NE(out.str().find("<ok />"), std::string::npos);
  EXPECT_NE(out.str().find("<vmid>105</vmid>"), std::string::npos);
  EXPECT_EQ(module.opened_item, 1001);
  Sqlite state((root / "var/pmscripted.db").string());
  EXPECT_EQ(state.Query("SELECT value FROM module_param WHERE module = 7 AND name = 'password'").size(), 1u);
}

TEST_F(RunTest, FeaturesAreTheModulesTraits) {
  EXPECT_EQ(RunWith("", {"--command", "features"}), 0);
  EXPECT_NE(out.str().find(R"(<itemtype name="vds")"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(R"(<param name="url" />)"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(R"(<param name="password" crypted="yes" />)"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(R"(<feature name="open" />)"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(R"(<feature name="sweep" />)"), std::string::npos) << out.str();
}

TEST_F(RunTest, CronCommandsReadNoDocumentAndMaskTheSecretsTheyLoad) {
  ASSERT_EQ(RunWith(doc, {"--command", "open", "--item", "1001"}), 0);
  // A fresh process: it knows the module's secrets only from the state.
  module.fail = [] { throw std::runtime_error("relay said no to mailer:r3lay-pass and s3cret-pass"); };
  EXPECT_EQ(RunWith("this is not read", {"--command", "sweep"}), 1);
  EXPECT_EQ(module.swept_modules, 1u);
  EXPECT_EQ(out.str().find("r3lay-pass"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("s3cret-pass"), std::string::npos) << out.str();
}

TEST_F(RunTest, OneHolderPerServiceUntilItLetsGo) {
  std::string path = (root / "var/pmscripted.db.lock").string();
  {
    auto held = ItemLock::TryAcquire(path, 1001);
    ASSERT_TRUE(held);
    EXPECT_FALSE(ItemLock::TryAcquire(path, 1001)) << "held by another holder";
    EXPECT_TRUE(ItemLock::TryAcquire(path, 1002)) << "another service is free";
    EXPECT_THROW(ItemLock::Acquire(path, 1001, std::chrono::milliseconds(200)), Error);
  }
  EXPECT_TRUE(ItemLock::TryAcquire(path, 1001)) << "released with its holder";
}

TEST_F(RunTest, TheStateAndItsKeyAreTheOwnersAloneOnEveryOpen) {
  ASSERT_EQ(RunWith(doc, {"--command", "open", "--item", "1001"}), 0);
  for (const char* file : {"var/pmscripted.db", "var/pmscripted.key"}) {
    fs::permissions(root / file, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  }
  ASSERT_EQ(RunWith(doc, {"--command", "open", "--item", "1001"}), 0);
  for (const char* file : {"var/pmscripted.db", "var/pmscripted.key"}) {
    auto perms = fs::status(root / file).permissions();
    EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none) << file;
  }
}

// The connection secrets cron needs are in the state, but not as text: without the key file a
// copy of the state reveals none.
TEST_F(RunTest, TheStateKeepsNoSecretInPlainText) {
  ASSERT_EQ(RunWith(doc, {"--command", "open", "--item", "1001"}), 0);
  std::string bytes;
  for (const char* file : {"var/pmscripted.db", "var/pmscripted.db-wal"}) {
    std::ifstream state(root / file, std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(state), std::istreambuf_iterator<char>());
  }
  ASSERT_NE(bytes.find("ostempl"), std::string::npos) << "the registry is in the files";
  for (const char* secret : {"s3cret-pass", "r3lay-pass", "cl1ent-pass"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
}

TEST_F(RunTest, AModulesStateDbHoldsItsRecordsAndTheIndexFindsIt) {
  std::string custom = (root / "custom.db").string();
  std::string with_state = doc;
  with_state.replace(with_state.find("<password>"), 0, "<state_db>" + custom + "</state_db>");
  ASSERT_EQ(RunWith(with_state, {"--command", "open", "--item", "1001"}), 0);
  StateFiles files(root.string(), "pmscripted");
  Log log("pmscripted", root.string());
  auto known = RegistryDirectory(files, log, module.Traits()).Find(1001);
  ASSERT_TRUE(known);
  EXPECT_EQ(files.PathOf(*known->module), custom);
  EXPECT_TRUE(fs::exists(custom + ".lock")) << "the service lock lives beside the module's state";
}

TEST_F(RunTest, FailureGivesAnErrorDocumentAndReportsTheRunningOperation) {
  module.fail = [] { throw std::runtime_error("hypervisor says no to s3cret-pass"); };
  EXPECT_EQ(RunWith(doc, {"--command", "open", "--item", "1001", "--runningoperation", "77"}), 1);
  EXPECT_NE(out.str().find(R"(type="internal")"), std::string::npos);
  EXPECT_EQ(out.str().find("s3cret-pass"), std::string::npos) << out.str();
  auto reports = panel.Named("runningoperation.edit");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].Arg("elid"), "77");
  EXPECT_NE(reports[0].Arg("errorxml").find("<error"), std::string::npos);
}

TEST_F(RunTest, ModuleTranslatesItsOwnExceptions) {
  module.fail = [] { throw std::runtime_error("hypervisor says no"); };
  EXPECT_EQ(RunWith(doc, {"--command", "open", "--item", "1001"}), 1);
  EXPECT_NE(out.str().find(R"(type="api")"), std::string::npos);
  EXPECT_TRUE(panel.calls.empty());
}

TEST_F(RunTest, BadInputChangesNothing) {
  EXPECT_EQ(RunWith("<doc><item id='1001'>", {"--command", "open", "--item", "1001"}), 1);
  EXPECT_NE(out.str().find(R"(type="xml")"), std::string::npos);
  EXPECT_EQ(RunWith(doc, {"--command", "open", "--item", "1002"}), 1);
  EXPECT_NE(out.str().find(R"(type="value")"), std::string::npos);
  EXPECT_EQ(RunWith("<doc><processingmodule id='7'/></doc>", {"--command", "open"}), 1);
  EXPECT_NE(out.str().find(R"(object="item")"), std::string::npos);
  EXPECT_EQ(module.opened_item, 0);
  EXPECT_FALSE(fs::exists(root / "var/pmscripted.db"));
}

TEST_F(RunTest, UnknownCommandIsAValueError) {
  EXPECT_EQ(RunWith(doc, {"--command", "dance"}), 1);
  EXPECT_NE(out.str().find(R"(object="command")"), std::string::npos);
}

// What an item command was given is what cron and the page read back: amounts exactly (a
// subnormal too), enumeration names as names, secrets as given but sealed in the file.
TEST(ServiceRegistry, AServiceReadsBackAsItWasGiven) {
  fs::path path = fs::temp_directory_path() / ("pm-registry-" + std::to_string(::getpid()) + ".db");
  {
    Sqlite db(path.string());
    SecretBox box(path.string() + ".key");
    Service service;
    service.id = 1001;
    service.addons["mem"] = {1e-310, "GiB"};
    service.addons["ncpu"] = {2, ""};
    service.choices["backup_schedule"] = "vm6_7_3";
    service.params.Set("password", "client-Secret-42");
    ServiceRegistry(db, box, {"password"}).Remember(7, service);
    auto stored = db.Query("SELECT value FROM service_value WHERE name = 'password'");
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0][0]->find("client-Secret-42"), std::string::npos) << *stored[0][0];
    auto back = ServiceRegistry(db, box, {"password"}).FindService(1001);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->params.Get("password"), "client-Secret-42");
    EXPECT_EQ(back->addons.at("mem").value, 1e-310);
    EXPECT_EQ(back->addons.at("mem").measure, "GiB");
    EXPECT_EQ(back->addons.at("ncpu").value, 2);
    EXPECT_EQ(back->Choice("backup_schedule"), "vm6_7_3");
  }
  for (const char* suffix : {"", "-wal", "-shm", ".key"}) fs::remove(path.string() + suffix);
}
