// pmvmmanager6 driven as the panel drives it (contract §2–§5, §10), against vm6-sim.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <cstdlib>
#include <thread>

#include "harness.h"
#include "vm6_sim.h"

namespace pm::contract {
namespace {

constexpr const char* kMarker = "billmgr-pmvmmanager6 module=7 item=1001";

class PmVmmanager6 : public ::testing::Test {
 protected:
  explicit PmVmmanager6(nlohmann::json seed = nullptr) : sim(0.01, std::move(seed)), panel("pmvmmanager6") {}

  Result Run(const std::string& command, const std::string& doc, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--command", command, "--item", "1001", "--module", "7"};
    args.insert(args.end(), extra.begin(), extra.end());
    return panel.Run(args, doc);
  }
  ServiceDoc Service(const std::map<std::string, std::string>& module = {}) {
    ServiceDoc doc;
    doc.module_xml = Vm6ModuleXml(sim, module);
    doc.params = {{"ostempl", "ISPsystem__Debian 12"}, {"domain", "web1.example.com"},
                  {"email", "buyer@example.com"}};
    doc.addons = {{"ncpu", "2", ""}, {"mem", "2", "GiB"}, {"disc", "20", "GiB"}};
    return doc;
  }
  std::string ModuleDoc(const std::map<std::string, std::string>& module = {}) {
    return "<doc>" + Vm6ModuleXml(sim, module) + "</doc>";
  }
  nlohmann::json OnlyHost() {
    auto hosts = sim.Hosts(kMarker);
    EXPECT_EQ(hosts.size(), 1u);
    return hosts.empty() ? nlohmann::json::object() : hosts.front();
  }
  // Opens the standard service and returns its document with the vmid the panel saved.
  ServiceDoc Opened(ServiceDoc doc) {
    Result open = Run("open", doc.Text());
    EXPECT_TRUE(open.ok()) << open.out << panel.Log();
    doc.params["vmid"] = open.Value("vmid");
    return doc;
  }

  Vm6Simulator sim;
  Panel panel;
};

bool Contains(const nlohmann::json& list, long long id) {
  for (const auto& value : list) {
    if (value == id) return true;
  }
  return false;
}

TEST_F(PmVmmanager6, FeaturesNameThePasswordCryptedAndTheModulesCommands) {
  Result result = Run("features", "");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(result.doc.select_node("/doc/params/param[@name='password'][@crypted='yes']"));
  EXPECT_TRUE(result.doc.select_node("/doc/params/param[@name='pool_owner']"));
  for (const char* command : {"open", "suspend", "resume", "close", "setparam", "reboot", "sync_item",
                              "get_server_config", "stat", "reinstall", "changepassword"}) {
    EXPECT_TRUE(result.doc.select_node(("/doc/features/feature[@name='" + std::string(command) + "']").c_str()))
        << command;
  }
}

TEST_F(PmVmmanager6, CheckConnectionSaysExactlyWhatIsWrong) {
  Result ok = Run("check_connection", ModuleDoc());
  EXPECT_TRUE(ok.ok()) << ok.out;
  EXPECT_EQ(ok.Value("cluster"), "Cluster1");
  Result by_ca = Run("check_connection", ModuleDoc({{"fingerprint", "<absent>"}, {"ca_cert", sim.ca_pem()}}));
  EXPECT_TRUE(by_ca.ok()) << by_ca.out;

  Result wrong = Run("check_connection", ModuleDoc({{"password", "not-the-password"}}));
  EXPECT_EQ(wrong.ErrorType(), "auth") << wrong.out;
  EXPECT_EQ(wrong.out.find("not-the-password"), std::string::npos);
  Result user = Run("check_connection", ModuleDoc({{"username", "operator@example.com"}, {"password", "operator-secret"}}));
  EXPECT_EQ(user.ErrorType(), "access") << user.out;
  EXPECT_EQ(user.ErrorObject(), "username");
  Result untrusted = Run("check_connection", ModuleDoc({{"fingerprint", "<absent>"}}));
  EXPECT_EQ(untrusted.ErrorType(), "connection") << untrusted.out;
  std::string pin;
  for (int i = 0; i < 32; ++i) pin += (i ? ":" : "") + std::string("AB");
  Result mismatch = Run("check_connection", ModuleDoc({{"fingerprint", pin}}));
  EXPECT_EQ(mismatch.ErrorType(), "connection") << mismatch.out;
  Result cluster = Run("check_connection", ModuleDoc({{"cluster", "Cluster9"}}));
  EXPECT_EQ(cluster.ErrorType(), "value") << cluster.out;
  EXPECT_EQ(cluster.ErrorObject(), "cluster");
  EXPECT_NE(cluster.ErrorText().find("Cluster1"), std::string::npos) << cluster.out;
  Result several = Run("check_connection", ModuleDoc({{"cluster", "<absent>"}}));
  EXPECT_EQ(several.ErrorObject(), "cluster") << several.out;
  Result url = Run("check_connection", ModuleDoc({{"url", "http://127.0.0.1:1"}}));
  EXPECT_EQ(url.ErrorType(), "value") << url.out;
  EXPECT_EQ(url.ErrorObject(), "url");
  EXPECT_EQ(panel.Log().find("admin-secret"), std::string::npos);
}

TEST_F(PmVmmanager6, GetServerConfigPublishesTheClustersOsTemplatesAndSchedulesOnce) {
  Result first = Run("get_server_config", ModuleDoc());
  ASSERT_TRUE(first.ok()) << first.out << panel.Log();
  std::map<std::string, MgrctlCall> os;
  for (const auto& call : first.Calls("itemtype.param.value.sync")) os[call.args.at("value")] = call;
  ASSERT_EQ(os.size(), 3u) << first.out;  // Windows is admin-only, FreeBSD is on cluster 2
  EXPECT_EQ(os.at("ISPsystem__Debian 12").args.at("name"), "Debian 12");
  EXPECT_EQ(os.at("ISPsystem__Debian 12").args.at("hdd"), "5");
  EXPECT_EQ(os.at("ISPsystem__Ubuntu 24.04").args.at("hdd"), "10");
  EXPECT_TRUE(os.count("ISPsystem__AlmaLinux 9"));

  ASSERT_EQ(first.Calls("enumeration.edit").size(), 1u);
  EXPECT_EQ(first.Calls("enumeration.edit")[0].args.at("intname"), "backup_schedule");
  std::map<std::string, std::string> schedules;
  for (const auto& call : first.Calls("enumerationitem.edit")) schedules[call.args.at("intname")] = call.args.at("name");
  EXPECT_EQ(schedules, (std::map<std::string, std::string>{{"vm6_7_1", "[Cluster Cluster1] Nightly"},
                                                             {"vm6_7_2", "[Cluster Cluster1] Weekly on Wednesday at 04:30"},
                                                             {"vm6_7_3", "[Cluster Cluster1] Monthly on day 5 at 04:30"}}));

  Result again = Run("get_server_config", ModuleDoc());
  ASSERT_TRUE(again.ok()) << again.out;
  for (const auto& call : again.calls) {
    EXPECT_TRUE(call.func == "enumeration" || call.func == "enumerationitem") << "changing call " << call.func;
  }
}

TEST_F(PmVmmanager6, SchedulesFollowVmmanagerAndComeBackWhenDeletedInBilling) {
  ASSERT_TRUE(Run("get_server_config", ModuleDoc()).ok());
  sim.Api("POST", "/vm/v3/schedule/1", {{"name", "Every night"}});
  sim.Api("DELETE", "/vm/v3/schedule/2");
  Result synced = Run("get_server_config", ModuleDoc());
  ASSERT_TRUE(synced.ok()) << synced.out;
  auto renamed = synced.Calls("enumerationitem.edit");
  ASSERT_EQ(renamed.size(), 1u) << synced.out;
  EXPECT_EQ(renamed[0].args.at("name"), "[Cluster Cluster1] Every night");
  EXPECT_TRUE(renamed[0].args.count("elid"));
  ASSERT_EQ(synced.Calls("enumerationitem.delete").size(), 1u);

  // The admin deletes one in billing (the fake panel's first enumeration has id 1): the next sync
  // brings it back.
  std::string elid = renamed[0].args.at("elid");
  std::system(("MGR_ROOT=" + panel.root().string() + " PM_FAKE_MGRCTL_LOG=" + (panel.root() / "mgrctl.log").string() +
               " bash " PM_FAKE_MGRCTL " -m billmgr enumerationitem.delete elid=" + elid + " plid=1 >/dev/null")
                  .c_str());
  Result back = Run("get_server_config", ModuleDoc());
  ASSERT_EQ(back.Calls("enumerationitem.edit").size(), 1u) << back.out;
  EXPECT_EQ(back.Calls("enumerationitem.edit")[0].args.at("intname"), "vm6_7_1");
}

TEST_F(PmVmmanager6, OpenMakesOneHostForTheBuyerAndReportsIt) {
  ServiceDoc doc = Service();
  doc.SetAddon("backup_schedule", "vm6_7_1");
  Result open = Run("open", doc.Text());
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  auto host = OnlyHost();
  EXPECT_EQ(host.at("comment"), kMarker);
  EXPECT_EQ(host.at("state"), "active");
  EXPECT_EQ(host.at("cpu_number"), 2);
  EXPECT_EQ(host.at("ram_mib"), 2048);
  EXPECT_EQ(host.at("disk").at("disk_mib"), 20480);
  EXPECT_EQ(host.at("account").at("email"), "buyer@example.com");
  EXPECT_TRUE(Contains(host.at("schedules"), 1));

  std::map<std::string, std::string> saved;
  for (const auto& call : open.Calls("service.saveparam")) {
    saved[call.args.at("name")] = call.args.count("value") ? call.args.at("value") : "";
  }
  EXPECT_EQ(saved.at("vmid"), std::to_string(host.at("id").get<long long>()));
  EXPECT_EQ(saved.at("ip").rfind("198.51.100.", 0), 0u) << saved.at("ip");
  EXPECT_EQ(saved.at("username"), "root");
  EXPECT_EQ(saved.at("password"), "<env:set>");  // crypted, through the environment only
  EXPECT_EQ(open.Calls("service.postopen").size(), 1u);
  EXPECT_EQ(open.Value("vmid"), saved.at("vmid"));

  auto accounts = sim.State().at("accounts");
  bool buyer = false;
  for (const auto& account : accounts) {
    if (account.at("email") == "buyer@example.com") buyer = account.at("roles") == nlohmann::json::array({"@user"});
  }
  EXPECT_TRUE(buyer) << accounts.dump();
}

TEST_F(PmVmmanager6, BadOrdersAreRefusedBeforeAnythingIsMade) {
  ServiceDoc small = Service();
  small.SetAddon("disc", "3", "GiB");
  Result too_small = Run("open", small.Text());
  EXPECT_EQ(too_small.ErrorType(), "value") << too_small.out;
  EXPECT_EQ(too_small.ErrorObject(), "disc");
  EXPECT_NE(too_small.ErrorText().find("5 GiB"), std::string::npos) << too_small.out;

  ServiceDoc renamed = Service();
  renamed.params["ostempl"] = "ISPSYSTEM__Debian 12";  // the repository renamed since the sync
  Result gone = Run("open", renamed.Text());
  EXPECT_EQ(gone.ErrorObject(), "ostempl") << gone.out;

  ServiceDoc no_email = Service();
  no_email.params.erase("email");
  EXPECT_EQ(Run("open", no_email.Text()).ErrorType(), "missed");
  ServiceDoc absurd = Service();
  absurd.SetAddon("mem", "1e14", "TiB");
  EXPECT_EQ(Run("open", absurd.Text()).ErrorType(), "value");
  EXPECT_EQ(Run("open", "<doc><item").ErrorType(), "xml");
  ServiceDoc bad_schedule = Service();
  bad_schedule.SetAddon("backup_schedule", "vm6_7_nightly");
  Result schedule = Run("open", bad_schedule.Text());
  EXPECT_EQ(schedule.ErrorObject(), "backup_schedule") << schedule.out;

  EXPECT_TRUE(sim.Hosts(kMarker).empty());
  for (const auto& call : too_small.calls) ADD_FAILURE() << "panel call " << call.func;
}

TEST_F(PmVmmanager6, SuspendKeepsTheOwnerFromStartingItAndResumeGivesItBack) {
  ServiceDoc doc = Service();
  doc.SetAddon("backup_schedule", "vm6_7_1");
  doc = Opened(doc);
  long long id = OnlyHost().at("id");

  Result suspend = Run("suspend", doc.Text());
  ASSERT_TRUE(suspend.ok()) << suspend.out << panel.Log();
  auto host = OnlyHost();
  EXPECT_EQ(host.at("state"), "stopped");
  EXPECT_FALSE(Contains(host.at("schedules"), 1));
  std::string buyer = sim.UserToken("buyer@example.com");
  auto [status, refused] = sim.Call("POST", "/vm/v3/host/" + std::to_string(id) + "/start", nlohmann::json::object(), buyer);
  EXPECT_GE(status, 400) << refused.dump();
  for (const auto& other : sim.Hosts()) {
    if (other.at("id") == id) continue;
    EXPECT_EQ(other.at("state"), "active") << "the buyer's other host was touched: " << other.dump();
  }
  EXPECT_EQ(suspend.Calls("service.postsuspend").size(), 1u);

  Result again = Run("suspend", doc.Text());
  EXPECT_TRUE(again.ok()) << again.out;

  Result resume = Run("resume", doc.Text());
  ASSERT_TRUE(resume.ok()) << resume.out << panel.Log();
  host = OnlyHost();
  EXPECT_EQ(host.at("state"), "active");
  EXPECT_EQ(host.at("account").at("email"), "buyer@example.com");
  EXPECT_TRUE(Contains(host.at("schedules"), 1));
  EXPECT_EQ(resume.Calls("service.postresume").size(), 1u);
}

TEST_F(PmVmmanager6, SetparamResizesARunningHostAndTheScheduleFollowsTheAddon) {
  ServiceDoc doc = Service();
  doc.SetAddon("backup_schedule", "vm6_7_1");
  doc = Opened(doc);
  doc.SetAddon("ncpu", "4");
  doc.SetAddon("mem", "4", "GiB");
  doc.SetAddon("disc", "30", "GiB");
  doc.SetAddon("backup_schedule", "vm6_7_3");
  Result setparam = Run("setparam", doc.Text());
  ASSERT_TRUE(setparam.ok()) << setparam.out << panel.Log();
  auto host = OnlyHost();
  EXPECT_EQ(host.at("cpu_number"), 4);
  EXPECT_EQ(host.at("ram_mib"), 4096);
  EXPECT_EQ(host.at("disk").at("disk_mib"), 30720);
  EXPECT_EQ(host.at("state"), "active");
  EXPECT_FALSE(Contains(host.at("schedules"), 1));
  EXPECT_TRUE(Contains(host.at("schedules"), 3));
  EXPECT_EQ(setparam.Calls("service.postsetparam").size(), 1u);
}

TEST_F(PmVmmanager6, RebootAndCloseAndASecondCloseAreFine) {
  ServiceDoc doc = Service();
  doc.SetAddon("backup_schedule", "vm6_7_1");
  doc = Opened(doc);
  Result reboot = Run("reboot", doc.Text());
  EXPECT_TRUE(reboot.ok()) << reboot.out << panel.Log();
  EXPECT_EQ(reboot.Calls("service.postreboot").size(), 1u);
  Result close = Run("close", doc.Text());
  ASSERT_TRUE(close.ok()) << close.out << panel.Log();
  EXPECT_TRUE(sim.Hosts(kMarker).empty());
  EXPECT_FALSE(Contains(sim.Schedule(1).at("hosts"), std::stoll(doc.params["vmid"])));
  EXPECT_EQ(sim.Hosts("").size(), 1u);  // the foreign host stays
  Result twice = Run("close", doc.Text());
  EXPECT_TRUE(twice.ok()) << twice.out;
}

TEST_F(PmVmmanager6, ALostCreateAnswerIsFoundByTheMarkerNotSentAgain) {
  sim.AddFault({{"action", "drop"}, {"when", "after"}, {"method", "POST"}, {"path", "^/vm/v3/host$"}, {"count", 1}});
  ServiceDoc doc = Service();
  Result open = Run("open", doc.Text());
  EXPECT_TRUE(open.ok()) << open.out << panel.Log();
  EXPECT_EQ(sim.Hosts(kMarker).size(), 1u);
}

TEST_F(PmVmmanager6, AFailedCreationIsReportedAndTheRerunConverges) {
  sim.AddFault({{"action", "task_fail"}, {"task_name", "host_create"}, {"output", "no space left on node1"}, {"count", 1}});
  ServiceDoc doc = Service();
  Result failed = Run("open", doc.Text(), {"--runningoperation", "55"});
  EXPECT_EQ(failed.ErrorType(), "api") << failed.out;
  EXPECT_NE(failed.ErrorText().find("no space left on node1"), std::string::npos) << failed.out;
  EXPECT_EQ(failed.Calls("runningoperation.edit").size(), 1u);
  Result rerun = Run("open", doc.Text());
  EXPECT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(sim.Hosts(kMarker).size(), 1u);
}

TEST_F(PmVmmanager6, AnExpiredTokenAndASleepingPlatformAreWaitedOut) {
  ASSERT_TRUE(Run("check_connection", ModuleDoc()).ok());
  sim.AddFault({{"action", "expire_tokens"}});
  sim.AddFault({{"action", "asleep"}, {"requests", 3}});
  Result open = Run("open", Service().Text());
  EXPECT_TRUE(open.ok()) << open.out << panel.Log();
  EXPECT_EQ(sim.Hosts(kMarker).size(), 1u);
  auto tokens = panel.StateColumn("SELECT session FROM api_session", "var/pmvmmanager6.db");
  ASSERT_EQ(tokens.size(), 1u) << "the token is kept for the next run";
  EXPECT_EQ(tokens[0].rfind("sealed:v1:", 0), 0u) << "and not as text";
}

// Kills `open` right after it sent the write the parameter names, then reruns it: one host,
// the one the killed run asked for (found by its marker), active, owned by the buyer.
struct KillPoint {
  const char* name;
  const char* method;
  const char* path;
};

void PrintTo(const KillPoint& point, std::ostream* out) { *out << point.name; }

class InterruptedOpen : public PmVmmanager6, public ::testing::WithParamInterface<KillPoint> {};

TEST_P(InterruptedOpen, TheRerunCompletesItWithExactlyOneHost) {
  const auto& point = GetParam();
  ServiceDoc doc = Service();
  doc.SetAddon("backup_schedule", "vm6_7_1");
  ASSERT_TRUE(KillOnceSent(panel, sim, {"--command", "open", "--item", "1001", "--module", "7"}, doc.Text(),
                           point.method, point.path))
      << point.method << " " << point.path << " never sent";
  Result rerun = Run("open", doc.Text());
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(sim.Sent("POST", "^/vm/v3/host$"), 1) << "a second host asked for";
  auto host = OnlyHost();
  EXPECT_EQ(std::to_string(host.at("id").get<long long>()), rerun.Value("vmid"));
  EXPECT_EQ(host.at("state"), "active");
  EXPECT_EQ(host.at("account").at("email"), "buyer@example.com");
  EXPECT_TRUE(Contains(host.at("schedules"), 1));
  int accounts = 0;
  nlohmann::json state = sim.State();
  for (const auto& account : state.at("accounts")) accounts += account.at("email") == "buyer@example.com";
  EXPECT_EQ(accounts, 1);
}

INSTANTIATE_TEST_SUITE_P(KilledAtEachWrite, InterruptedOpen,
                         ::testing::Values(KillPoint{"account", "POST", "^/vm/v3/account$"},
                                           KillPoint{"host", "POST", "^/vm/v3/host$"},
                                           KillPoint{"create_wait", "GET", "^/vm/v3/task$"},
                                           KillPoint{"schedule", "POST", "^/vm/v3/schedule/1$"}),
                         [](const ::testing::TestParamInfo<KillPoint>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace pm::contract

namespace pm::contract {
namespace {

TEST_F(PmVmmanager6, APresetTariffAndARecipeShapeTheHostAndTheRecipeIsWaitedFor) {
  ServiceDoc doc = Service({{"use_recipes", "on"}, {"deploy_completion", "recipe"}});
  doc.pricelist = {{"preset", "Medium"}};
  doc.params["recipe"] = "LAMP";
  Result open = Run("open", doc.Text());
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  auto host = OnlyHost();
  EXPECT_EQ(host.at("cpu_number"), 2);  // the preset's, not the addons'
  EXPECT_EQ(host.at("disk").at("disk_mib"), 20480);
  EXPECT_EQ(host.at("recipes_run").size(), 1u) << host.dump();

  ServiceDoc unknown = Service();
  unknown.item = 1002;
  unknown.pricelist = {{"preset", "Huge"}};
  Result refused = panel.Run({"--command", "open", "--item", "1002", "--module", "7"}, unknown.Text());
  EXPECT_EQ(refused.ErrorObject(), "preset") << refused.out;
}

TEST_F(PmVmmanager6, ReinstallChangePasswordSyncAndStatWorkOnTheServicesHost) {
  ServiceDoc doc = Opened(Service());
  std::string before = OnlyHost().at("password_sha256");
  doc.params["password"] = "N3w-pa55word";
  Result password = Run("changepassword", doc.Text());
  ASSERT_TRUE(password.ok()) << password.out << panel.Log();
  EXPECT_NE(OnlyHost().at("password_sha256"), before);
  EXPECT_EQ(panel.Log().find("N3w-pa55word"), std::string::npos);

  doc.params["ostempl"] = "ISPsystem__Ubuntu 24.04";
  Result reinstall = Run("reinstall", doc.Text());
  ASSERT_TRUE(reinstall.ok()) << reinstall.out << panel.Log();
  EXPECT_EQ(OnlyHost().at("os_name"), "Ubuntu 24.04");

  Result sync = Run("sync_item", doc.Text());
  ASSERT_TRUE(sync.ok()) << sync.out;
  EXPECT_EQ(sync.Value("status"), "active");
  Result stat = panel.Run({"--command", "stat", "--module", "7"}, ModuleDoc());
  ASSERT_TRUE(stat.ok()) << stat.out;
  EXPECT_TRUE(stat.doc.select_node("/doc/elem[item='1001'][status='active']")) << stat.out;
}

TEST_F(PmVmmanager6, AHostThatIsNotTheServicesIsNeverTouched) {
  ServiceDoc doc = Service();
  doc.params["vmid"] = "1";  // the client's own server, made without the module
  for (const char* command : {"suspend", "setparam", "reboot", "close"}) {
    Result result = Run(command, doc.Text());
    EXPECT_EQ(result.ErrorType(), "access") << command << ": " << result.out;
  }
  auto foreign = sim.Hosts("a client's own server");
  ASSERT_EQ(foreign.size(), 1u);
  EXPECT_EQ(foreign[0].at("state"), "active");
  EXPECT_EQ(foreign[0].at("account").at("email"), "client@example.com");
}

}  // namespace
}  // namespace pm::contract

namespace pm::contract {
namespace {

TEST_F(PmVmmanager6, ABuyerWithAQuoteInTheirEmailGetsOneAccountForAllTheirServers) {
  ServiceDoc first = Service();
  first.params["email"] = "o'brien@example.com";
  ASSERT_TRUE(Run("open", first.Text()).ok()) << panel.Log();
  ServiceDoc second = first;
  second.item = 1002;
  Result again = panel.Run({"--command", "open", "--item", "1002", "--module", "7"}, second.Text());
  ASSERT_TRUE(again.ok()) << again.out << panel.Log();
  int accounts = 0;
  nlohmann::json state = sim.State();
  for (const auto& account : state.at("accounts")) accounts += account.at("email") == "o'brien@example.com";
  EXPECT_EQ(accounts, 1);
  EXPECT_EQ(sim.Hosts("item=1002").at(0).at("account").at("email"), "o'brien@example.com");
}

}  // namespace
}  // namespace pm::contract

namespace pm::contract {
namespace {

// One fault on one write of open; the first run may fail, the rerun converges: one host, in the
// paid schedule, owned by one account of the buyer.
struct OpenFault {
  const char* name;
  nlohmann::json rule;
};

void PrintTo(const OpenFault& fault, std::ostream* out) { *out << fault.name; }

class FaultyOpen : public PmVmmanager6, public ::testing::WithParamInterface<OpenFault> {};

TEST_P(FaultyOpen, TheRerunConvergesOnOneHost) {
  sim.AddFault(GetParam().rule);
  ServiceDoc doc = Service();
  doc.SetAddon("backup_schedule", "vm6_7_1");
  Result first = Run("open", doc.Text());
  if (!first.ok()) {
    EXPECT_NE(first.ErrorType(), "internal") << first.out;
  }
  sim.Control("DELETE", "/_sim/faults");
  Result rerun = Run("open", doc.Text());
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  auto host = OnlyHost();
  EXPECT_TRUE(Contains(host.value("schedules", nlohmann::json::array()), 1)) << host.dump();
  int buyers = 0;
  nlohmann::json state = sim.State();
  for (const auto& account : state.at("accounts")) buyers += account.at("email") == "buyer@example.com";
  EXPECT_EQ(buyers, 1);
}

nlohmann::json Drop(const char* when, const char* path) {
  return {{"action", "drop"}, {"when", when}, {"method", "POST"}, {"path", path}, {"count", 1}};
}
nlohmann::json Status(int status, const char* path) {
  return {{"action", "status"}, {"status", status}, {"method", "POST"}, {"path", path}, {"count", 1}};
}

INSTANTIATE_TEST_SUITE_P(
    EachWrite, FaultyOpen,
    ::testing::Values(OpenFault{"account_lost_after", Drop("after", "^/vm/v3/account$")},
                      OpenFault{"account_dropped_before", Drop("before", "^/vm/v3/account$")},
                      OpenFault{"account_refused", Status(500, "^/vm/v3/account$")},
                      OpenFault{"host_dropped_before", Drop("before", "^/vm/v3/host$")},
                      OpenFault{"host_refused", Status(500, "^/vm/v3/host$")},
                      OpenFault{"schedule_lost_after", Drop("after", "^/vm/v3/schedule/1$")},
                      OpenFault{"schedule_refused", Status(500, "^/vm/v3/schedule/1$")},
                      OpenFault{"task_list_unavailable",
                                {{"action", "status"}, {"status", 503}, {"path", "^/vm/v3/task$"}, {"count", 12}}}),
    [](const ::testing::TestParamInfo<OpenFault>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace pm::contract

namespace pm::contract {
namespace {

// ip_change takes 3 s here, so a rerun comes while the lost one still runs.
class SlowAddresses : public PmVmmanager6 {
 protected:
  SlowAddresses() : PmVmmanager6({{"task_durations", {{"ip_change", 300}}}}) {}
};

TEST_F(SlowAddresses, AnAddressChangeWhoseAnswerIsLostIsNotAskedForTwice) {
  ServiceDoc doc = Opened(Service());
  doc.SetAddon("ip", "2");
  sim.AddFault({{"action", "drop"}, {"when", "after"}, {"method", "POST"}, {"path", "/ip$"}, {"count", 1}});
  Result lost = Run("setparam", doc.Text());
  EXPECT_EQ(lost.ErrorType(), "connection") << lost.out;
  Result rerun = Run("setparam", doc.Text());
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(OnlyHost().at("ip4").size(), 2u) << OnlyHost().dump();
}

// Power tasks take 3 s here, so a rerun comes while the one whose answer was lost still runs.
struct PowerLoss {
  const char* command;
  const char* path;
};

void PrintTo(const PowerLoss& loss, std::ostream* out) { *out << loss.command; }

class SlowPower : public PmVmmanager6, public ::testing::WithParamInterface<PowerLoss> {
 protected:
  SlowPower()
      : PmVmmanager6({{"task_durations", {{"host_restart", 300}, {"host_stop", 300}, {"host_start", 300}}}}) {}
};

TEST_P(SlowPower, ATaskWhoseAnswerIsLostIsWaitedForNotAskedForTwice) {
  const auto& loss = GetParam();
  ServiceDoc doc = Opened(Service());
  doc.SetAddon("ncpu", "4");  // setparam restarts to apply it; the others leave it alone
  if (std::string(loss.command) == "resume") {
    ASSERT_TRUE(Run("suspend", doc.Text()).ok());
  }
  sim.ResetRequests();
  sim.AddFault({{"action", "drop"}, {"when", "after"}, {"method", "POST"}, {"path", loss.path}, {"count", 1}});
  Result lost = Run(loss.command, doc.Text());
  EXPECT_EQ(lost.ErrorType(), "connection") << lost.out;
  Result rerun = Run(loss.command, doc.Text());
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(sim.Sent("POST", loss.path), 1) << sim.Control("GET", "/_sim/requests");
  auto host = OnlyHost();
  EXPECT_EQ(host.at("state"), std::string(loss.command) == "suspend" ? "stopped" : "active");
  if (std::string(loss.command) == "setparam") {
    EXPECT_EQ(host.at("cpu_number"), 4);
  }
}

INSTANTIATE_TEST_SUITE_P(EachPowerWrite, SlowPower,
                         ::testing::Values(PowerLoss{"setparam", "/restart$"}, PowerLoss{"suspend", "/stop$"},
                                           PowerLoss{"resume", "/start$"}, PowerLoss{"reboot", "/restart$"}),
                         [](const ::testing::TestParamInfo<PowerLoss>& info) {
                           return std::string(info.param.command);
                         });

}  // namespace
}  // namespace pm::contract

namespace pm::contract {
namespace {

// One fault on one write of a command after open; the rerun reaches the command's end state.
struct CommandFault {
  const char* name;
  const char* command;
  nlohmann::json rule;
};

void PrintTo(const CommandFault& fault, std::ostream* out) { *out << fault.name; }

class FaultyCommand : public PmVmmanager6, public ::testing::WithParamInterface<CommandFault> {};

nlohmann::json Rule(const char* action, const char* method, const char* path, int status = 0) {
  nlohmann::json rule = {{"action", action}, {"method", method}, {"path", path}, {"count", 1}};
  if (std::string(action) == "drop") rule["when"] = "after";
  if (status) rule["status"] = status;
  return rule;
}

constexpr const char* kTaskFailure = "node1: qemu-system-x86_64 exited with code 1";

nlohmann::json TaskFails(const char* task) {
  return {{"action", "task_fail"}, {"task_name", task}, {"output", kTaskFailure}, {"count", 1}};
}

TEST_P(FaultyCommand, TheRerunReachesTheCommandsEnd) {
  const auto& fault = GetParam();
  ServiceDoc doc = Service();
  doc.SetAddon("backup_schedule", "vm6_7_1");
  doc = Opened(doc);
  std::string command = fault.command;
  if (command == "resume") {
    ASSERT_TRUE(Run("suspend", doc.Text()).ok());
  }
  if (command == "setparam") {
    doc.SetAddon("ncpu", "4");
    doc.SetAddon("disc", "30", "GiB");
  }
  sim.ResetRequests();
  sim.AddFault(fault.rule);
  Result first = Run(command, doc.Text());
  if (!first.ok()) {
    EXPECT_NE(first.ErrorType(), "internal") << first.out;
  }
  if (fault.rule.at("action") == "task_fail") {  // the platform's own words reach the panel
    EXPECT_EQ(first.ErrorType(), "api") << first.out;
    EXPECT_NE(first.ErrorText().find(kTaskFailure), std::string::npos) << first.out;
    if (command == "setparam") {  // a change that failed does not leave the server off
      EXPECT_EQ(OnlyHost().at("state"), "active");
    }
  }
  sim.Control("DELETE", "/_sim/faults");
  Result rerun = Run(command, doc.Text());
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  if (fault.rule.at("action") == "drop") {  // a write whose answer was lost is not asked again
    EXPECT_EQ(sim.Sent(fault.rule.at("method"), fault.rule.at("path")), 1) << sim.Control("GET", "/_sim/requests");
  }
  auto hosts = sim.Hosts(kMarker);
  if (command == "close") {
    EXPECT_TRUE(hosts.empty());
    return;
  }
  ASSERT_EQ(hosts.size(), 1u);
  const auto& host = hosts.front();
  if (command == "suspend") {
    EXPECT_EQ(host.at("state"), "stopped");
    EXPECT_EQ(host.at("account").at("email"), "admin@example.com");
    EXPECT_FALSE(Contains(host.at("schedules"), 1));
  } else {
    EXPECT_EQ(host.at("state"), "active");
    EXPECT_EQ(host.at("account").at("email"), "buyer@example.com");
    EXPECT_TRUE(Contains(host.at("schedules"), 1));
  }
  if (command == "setparam") {
    EXPECT_EQ(host.at("cpu_number"), 4);
    EXPECT_EQ(host.at("disk").at("disk_mib"), 30720);
  }
}

INSTANTIATE_TEST_SUITE_P(
    EachWrite, FaultyCommand,
    ::testing::Values(
        CommandFault{"suspend_stop_lost", "suspend", Rule("drop", "POST", "/stop$")},
        CommandFault{"suspend_owner_lost", "suspend", Rule("drop", "POST", "/account$")},
        CommandFault{"suspend_schedule_refused", "suspend", Rule("status", "POST", "^/vm/v3/schedule/1$", 500)},
        CommandFault{"resume_owner_lost", "resume", Rule("drop", "POST", "/account$")},
        CommandFault{"resume_start_lost", "resume", Rule("drop", "POST", "/start$")},
        CommandFault{"setparam_resource_lost", "setparam", Rule("drop", "POST", "/resource$")},
        CommandFault{"setparam_disk_lost", "setparam", Rule("drop", "POST", "^/vm/v3/disk/")},
        CommandFault{"setparam_restart_lost", "setparam", Rule("drop", "POST", "/restart$")},
        CommandFault{"close_delete_lost", "close", Rule("drop", "DELETE", "^/vm/v3/host/")},
        CommandFault{"close_delete_refused", "close", Rule("status", "DELETE", "^/vm/v3/host/", 500)},
        CommandFault{"suspend_stop_fails", "suspend", TaskFails("host_stop")},
        CommandFault{"suspend_owner_fails", "suspend", TaskFails("host_change_owner")},
        CommandFault{"resume_owner_fails", "resume", TaskFails("host_change_owner")},
        CommandFault{"resume_start_fails", "resume", TaskFails("host_start")},
        CommandFault{"setparam_change_fails", "setparam", TaskFails("host_change_params")},
        CommandFault{"setparam_resize_fails", "setparam", TaskFails("disk_resize")},
        CommandFault{"setparam_restart_fails", "setparam", TaskFails("host_restart")},
        CommandFault{"reboot_restart_fails", "reboot", TaskFails("host_restart")},
        CommandFault{"close_delete_fails", "close", TaskFails("host_delete")}),
    [](const ::testing::TestParamInfo<CommandFault>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace pm::contract
