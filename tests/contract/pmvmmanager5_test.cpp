// pmvmmanager5 driven as the panel drives it (contract §2–§5, §11), against vm5-sim.
#include <gtest/gtest.h>

#include "harness.h"
#include "vm5_sim.h"

namespace pm::contract {
namespace {

constexpr const char* kMarker = "billmgr-pmvmmanager5 module=7 item=1001";

class PmVmmanager5 : public ::testing::Test {
 protected:
  PmVmmanager5() : sim(0.01), panel("pmvmmanager5") {}

  Result Run(const std::string& command, const std::string& doc, long item = 1001) {
    return panel.Run({"--command", command, "--item", std::to_string(item), "--module", "7"}, doc);
  }
  Result RunModule(const std::string& command, const std::map<std::string, std::string>& module = {}) {
    return panel.Run({"--command", command, "--module", "7"}, ModuleDoc(module));
  }
  ServiceDoc Service(const std::map<std::string, std::string>& module = {}, long item = 1001) {
    ServiceDoc doc;
    doc.item = item;
    doc.module_xml = Vm5ModuleXml(sim, module);
    doc.params = {{"ostempl", "ISPsystem__Debian-12-amd64"}, {"domain", "web1.example.com"},
                  {"email", "buyer@example.com"}, {"ip", "203.0.113.40"}, {"password", "Cl1ent-pa55"}};
    doc.addons = {{"ncpu", "2", ""}, {"mem", "2", "GiB"}, {"disc", "20", "GiB"}};
    return doc;
  }
  std::string ModuleDoc(const std::map<std::string, std::string>& module = {}) {
    return "<doc>" + Vm5ModuleXml(sim, module) + "</doc>";
  }
  nlohmann::json OnlyVm(const std::string& name = kMarker) {
    auto vms = sim.Vms(name);
    EXPECT_EQ(vms.size(), 1u) << sim.State().dump();
    return vms.empty() ? nlohmann::json::object() : vms.front();
  }
  // Opens `doc` and returns it with what the panel saved.
  ServiceDoc Opened(ServiceDoc doc) {
    Result open = Run("open", doc.Text(), doc.item);
    EXPECT_TRUE(open.ok()) << open.out << panel.Log();
    doc.params["vmid"] = open.Value("vmid");
    doc.params["ip"] = open.Value("ip");
    return doc;
  }
  // A session of the VM owner `email`, as the client would sign in to VMmanager themselves.
  std::string OwnerSession(const std::string& email) {
    nlohmann::json user = sim.User(email);
    sim.Call({{"func", "user.edit"}, {"elid", std::to_string(user.at("id").get<long>())}, {"passwd", "Own3r-pass"},
              {"confirm", "Own3r-pass"}, {"sok", "ok"}});
    return sim.SignIn(email, "Own3r-pass");
  }

  Vm5Simulator sim;
  Panel panel;
};

std::map<std::string, std::string> Saved(const Result& result) {
  std::map<std::string, std::string> saved;
  for (const auto& call : result.Calls("service.saveparam")) {
    saved[call.args.at("name")] = call.args.count("value") ? call.args.at("value") : "";
  }
  return saved;
}

TEST_F(PmVmmanager5, FeaturesNameThePasswordCryptedAndTheModulesCommands) {
  Result result = panel.Run({"--command", "features"}, "");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_TRUE(result.doc.select_node("/doc/params/param[@name='password'][@crypted='yes']"));
  for (const char* param : {"url", "username", "pool_owner", "install_timeout"}) {
    EXPECT_TRUE(result.doc.select_node(("/doc/params/param[@name='" + std::string(param) + "']").c_str())) << param;
  }
  for (const char* command : {"open", "suspend", "resume", "close", "setparam", "reboot", "sync_item",
                              "get_server_config", "stat", "reinstall", "changepassword", "pool_tick"}) {
    EXPECT_TRUE(result.doc.select_node(("/doc/features/feature[@name='" + std::string(command) + "']").c_str()))
        << command;
  }
}

TEST_F(PmVmmanager5, CheckConnectionSaysExactlyWhatIsWrong) {
  Result ok = RunModule("check_connection");
  EXPECT_TRUE(ok.ok()) << ok.out << panel.Log();
  EXPECT_EQ(ok.Value("level"), "29");
  Result by_ca = RunModule("check_connection", {{"fingerprint", "<absent>"}, {"ca_cert", sim.ca_pem()}});
  EXPECT_TRUE(by_ca.ok()) << by_ca.out;

  Result wrong = RunModule("check_connection", {{"password", "not-the-password"}});
  EXPECT_EQ(wrong.ErrorType(), "auth") << wrong.out;
  EXPECT_EQ(wrong.out.find("not-the-password"), std::string::npos);
  Result user = RunModule("check_connection", {{"username", "operator"}, {"password", "operator-secret"}});
  EXPECT_EQ(user.ErrorType(), "access") << user.out;
  EXPECT_EQ(user.ErrorObject(), "username");
  EXPECT_NE(user.ErrorText().find("16"), std::string::npos) << user.out;
  Result untrusted = RunModule("check_connection", {{"fingerprint", "<absent>"}});
  EXPECT_EQ(untrusted.ErrorType(), "connection") << untrusted.out;

  sim.ResetRequests();
  for (const std::string& url : std::vector<std::string>{sim.url(), sim.url() + "/billmgr", "http://127.0.0.1:1/vmmgr"}) {
    Result bad = RunModule("check_connection", {{"url", url}});
    EXPECT_EQ(bad.ErrorType(), "value") << url << ": " << bad.out;
    EXPECT_EQ(bad.ErrorObject(), "url") << url;
  }
  EXPECT_EQ(sim.RequestCount(), 0) << "a URL without /vmmgr is refused before any request";
  EXPECT_EQ(panel.Log().find("admin-secret"), std::string::npos);
}

TEST_F(PmVmmanager5, GetServerConfigPublishesTheInstalledTemplatesOnce) {
  Result first = RunModule("get_server_config");
  ASSERT_TRUE(first.ok()) << first.out << panel.Log();
  std::map<std::string, std::string> os;
  for (const auto& call : first.Calls("itemtype.param.value.sync")) os[call.args.at("value")] = call.args.at("name");
  EXPECT_EQ(os, (std::map<std::string, std::string>{{"ISPsystem__CentOS-7-amd64", "CentOS-7-amd64"},
                                                     {"ISPsystem__Debian-12-amd64", "Debian-12-amd64"}}))
      << "FreeBSD is on no node";
  Result again = RunModule("get_server_config");
  ASSERT_TRUE(again.ok()) << again.out;
  EXPECT_TRUE(again.calls.empty()) << "nothing changed: no panel call";
}

TEST_F(PmVmmanager5, OpenMakesOneVmOfTheBuyerWithThePanelsAddress) {
  ServiceDoc doc = Service();
  Result open = Run("open", doc.Text());
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  auto vm = OnlyVm();
  EXPECT_EQ(vm.at("domain"), "web1.example.com");
  EXPECT_EQ(vm.at("mem"), 2048);
  EXPECT_EQ(vm.at("vcpu"), 2);
  EXPECT_EQ(vm.at("cputune"), 2000);
  EXPECT_EQ(vm.at("vsize"), 20480);
  EXPECT_EQ(vm.at("osname"), "ISPsystem__Debian-12-amd64");
  EXPECT_EQ(vm.at("state"), "running");
  EXPECT_EQ(vm.at("osinstalled"), true);
  EXPECT_EQ(vm.at("ips"), nlohmann::json::array({"203.0.113.40"})) << vm.dump();
  auto buyer = sim.User("buyer@example.com");
  ASSERT_FALSE(buyer.is_null());
  EXPECT_EQ(buyer.at("level"), 16);
  EXPECT_EQ(vm.at("uid"), buyer.at("id"));

  auto saved = Saved(open);
  EXPECT_EQ(saved.at("vmid"), std::to_string(vm.at("id").get<long>()));
  EXPECT_EQ(saved.at("ip"), "203.0.113.40");
  EXPECT_EQ(saved.at("username"), "root");
  EXPECT_EQ(saved.at("password"), "<env:set>");  // crypted, through the environment only
  EXPECT_EQ(open.Calls("service.postopen").size(), 1u);

  sim.ResetRequests();
  Result again = Run("open", doc.Text());
  ASSERT_TRUE(again.ok()) << again.out;
  EXPECT_EQ(again.Value("vmid"), saved.at("vmid"));
  EXPECT_EQ(sim.Vms("billmgr-").size(), 1u);
  EXPECT_EQ(sim.Sent("POST", "^func=vm\\.edit$"), 1) << "only the form read of the install check";
  for (const char* secret : {"Cl1ent-pa55", "admin-secret"}) {
    EXPECT_EQ(panel.Log().find(secret), std::string::npos) << secret;
    EXPECT_EQ(sim.Control("GET", "/_sim/requests").dump().find(secret), std::string::npos) << secret;
  }
}

TEST_F(PmVmmanager5, WithoutAnAddressFromThePanelVmmanagerChoosesOne) {
  ServiceDoc doc = Service();
  doc.params.erase("ip");
  Result open = Run("open", doc.Text());
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  EXPECT_EQ(Saved(open).at("ip").rfind("203.0.113.", 0), 0u);
  EXPECT_EQ(OnlyVm().at("ips").at(0), Saved(open).at("ip"));
}

TEST_F(PmVmmanager5, BadOrdersAreRefusedBeforeAnyVmIsMade) {
  ServiceDoc gone = Service();
  gone.params["ostempl"] = "ISPsystem__FreeBSD-13-amd64";  // on no node
  Result not_installed = Run("open", gone.Text());
  EXPECT_EQ(not_installed.ErrorType(), "value") << not_installed.out;
  EXPECT_EQ(not_installed.ErrorObject(), "ostempl");

  ServiceDoc preset = Service();
  preset.pricelist["preset"] = "Huge";
  Result no_preset = Run("open", preset.Text());
  EXPECT_EQ(no_preset.ErrorObject(), "preset") << no_preset.out;

  sim.ResetRequests();
  ServiceDoc address = Service();
  address.params["ip"] = "203.0.113.40; rm -rf /";
  Result bad_ip = Run("open", address.Text());
  EXPECT_EQ(bad_ip.ErrorType(), "value") << bad_ip.out;
  EXPECT_EQ(bad_ip.ErrorObject(), "ip");
  ServiceDoc node = Service();
  node.pricelist["hostnode"] = "first";
  EXPECT_EQ(Run("open", node.Text()).ErrorObject(), "hostnode");
  ServiceDoc no_email = Service();
  no_email.params.erase("email");
  EXPECT_EQ(Run("open", no_email.Text()).ErrorType(), "missed");
  EXPECT_EQ(sim.RequestCount(), 0) << "refused before any request";

  // An address VMmanager refuses (outside its ranges): VMmanager's own answer, nothing made.
  ServiceDoc foreign = Service();
  foreign.params["ip"] = "198.51.100.7";
  Result refused = Run("open", foreign.Text());
  EXPECT_EQ(refused.ErrorType(), "value") << refused.out;
  EXPECT_EQ(refused.ErrorObject(), "ip");
  EXPECT_TRUE(sim.Vms("billmgr-").empty());
  EXPECT_TRUE(refused.Calls("service.saveparam").empty());
}

TEST_F(PmVmmanager5, APresetTariffMakesTheVmFromThePreset) {
  ServiceDoc doc = Service();
  doc.pricelist["preset"] = "Medium";
  ASSERT_TRUE(Run("open", doc.Text()).ok()) << panel.Log();
  auto vm = OnlyVm();
  EXPECT_EQ(vm.at("mem"), 2048);
  EXPECT_EQ(vm.at("vsize"), 20480);
  EXPECT_EQ(vm.at("cputune"), 2000);
}

TEST_F(PmVmmanager5, SuspendBlocksTheVmForItsOwnerAndLeavesTheirOtherServices) {
  ServiceDoc doc = Opened(Service());
  ServiceDoc other = Service({}, 1002);
  other.params["ip"] = "203.0.113.41";
  other = Opened(other);
  Result suspend = Run("suspend", doc.Text());
  ASSERT_TRUE(suspend.ok()) << suspend.out << panel.Log();
  EXPECT_EQ(suspend.Calls("service.postsuspend").size(), 1u);
  auto vm = OnlyVm();
  EXPECT_EQ(vm.at("blocked"), true);
  EXPECT_TRUE(vm.at("state") == "down" || vm.at("pending_state") == "down") << vm.dump();

  std::string session = OwnerSession("buyer@example.com");
  std::string start = sim.Call({{"func", "vm.start"}, {"elid", doc.params.at("vmid")}}, session);
  EXPECT_NE(start.find("type=\"access\""), std::string::npos) << start;
  auto second = OnlyVm("billmgr-pmvmmanager5 module=7 item=1002");
  EXPECT_EQ(second.at("blocked"), false);
  EXPECT_EQ(second.at("state"), "running");

  ASSERT_TRUE(Run("suspend", doc.Text()).ok()) << "a rerun";
  Result resume = Run("resume", doc.Text());
  ASSERT_TRUE(resume.ok()) << resume.out << panel.Log();
  EXPECT_EQ(resume.Calls("service.postresume").size(), 1u);
  vm = OnlyVm();
  EXPECT_EQ(vm.at("blocked"), false);
  EXPECT_TRUE(vm.at("state") == "running" || vm.at("pending_state") == "running") << vm.dump();
}

TEST_F(PmVmmanager5, SetparamChangesMemoryAndCoresAndRefusesADiskChange) {
  ServiceDoc doc = Opened(Service());
  doc.SetAddon("ncpu", "4");
  doc.SetAddon("mem", "4", "GiB");
  Result changed = Run("setparam", doc.Text());
  ASSERT_TRUE(changed.ok()) << changed.out << panel.Log();
  EXPECT_EQ(changed.Calls("service.postsetparam").size(), 1u);
  auto vm = OnlyVm();
  EXPECT_EQ(vm.at("vcpu"), 4);
  EXPECT_EQ(vm.at("cputune"), 4000);
  EXPECT_EQ(vm.at("mem"), 4096);

  doc.SetAddon("ncpu", "1");
  doc.SetAddon("disc", "40", "GiB");
  Result disk = Run("setparam", doc.Text());
  EXPECT_EQ(disk.ErrorType(), "value") << disk.out;
  EXPECT_EQ(disk.ErrorObject(), "disc");
  EXPECT_NE(disk.ErrorText().find("20 GiB"), std::string::npos) << disk.out;
  EXPECT_TRUE(disk.Calls("service.postsetparam").empty());
  EXPECT_EQ(OnlyVm().at("vcpu"), 4) << "nothing changed";
}

TEST_F(PmVmmanager5, RebootReinstallPasswordSyncAndStatWorkOnTheServicesVm) {
  ServiceDoc doc = Service();
  doc.pricelist["hostnode"] = "1";  // the node that has CentOS too
  doc = Opened(doc);
  EXPECT_EQ(OnlyVm().at("hostnode"), 1);
  EXPECT_TRUE(Run("reboot", doc.Text()).ok()) << panel.Log();
  doc.params["password"] = "N3w-pa55word";
  Result password = Run("changepassword", doc.Text());
  ASSERT_TRUE(password.ok()) << password.out;
  std::string changed_hash = OnlyVm().at("password_sha256");
  doc.params["ostempl"] = "ISPsystem__CentOS-7-amd64";
  Result reinstall = Run("reinstall", doc.Text());
  ASSERT_TRUE(reinstall.ok()) << reinstall.out << panel.Log();
  EXPECT_EQ(OnlyVm().at("osname"), "ISPsystem__CentOS-7-amd64");
  EXPECT_EQ(OnlyVm().at("password_sha256"), changed_hash);
  EXPECT_EQ(panel.Log().find("N3w-pa55word"), std::string::npos);

  Result sync = Run("sync_item", doc.Text());
  ASSERT_TRUE(sync.ok()) << sync.out;
  EXPECT_EQ(sync.Value("vmid"), doc.params.at("vmid"));
  EXPECT_EQ(sync.Value("ip"), "203.0.113.40");
  Result stat = RunModule("stat");
  ASSERT_TRUE(stat.ok()) << stat.out;
  auto row = stat.doc.select_node("/doc/elem[item='1001']").node();
  EXPECT_EQ(std::string(row.child_value("vmid")), doc.params.at("vmid")) << stat.out;
  EXPECT_EQ(std::string(row.child_value("disc")), "20480");
}

TEST_F(PmVmmanager5, CloseDeletesOnlyTheServicesVmAndCanBeRepeated) {
  ServiceDoc doc = Opened(Service());
  Result close = Run("close", doc.Text());
  ASSERT_TRUE(close.ok()) << close.out << panel.Log();
  EXPECT_TRUE(sim.Vms("billmgr-").empty());
  EXPECT_EQ(close.Calls("service.postclose").size(), 1u);
  EXPECT_TRUE(Run("close", doc.Text()).ok()) << "a VM already gone counts as closed";

  ServiceDoc foreign = Service({}, 1003);
  foreign.params["vmid"] = "101";  // operator's VM, not made by the module
  Result refused = Run("close", foreign.Text(), 1003);
  EXPECT_EQ(refused.ErrorType(), "access") << refused.out;
  EXPECT_EQ(sim.Vms("foreign1").size(), 1u);
}

TEST_F(PmVmmanager5, AKillDuringOpenThenARerunEndsWithExactlyOneVm) {
  ServiceDoc doc = Service();
  ASSERT_TRUE(KillOnceSent(panel, sim, {"--command", "open", "--item", "1001", "--module", "7"}, doc.Text(), "POST",
                           "^func=vm\\.edit$"));
  Result rerun = Run("open", doc.Text());
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(sim.Vms("billmgr-").size(), 1u);
  EXPECT_EQ(rerun.Value("vmid"), std::to_string(OnlyVm().at("id").get<long>()));
}

TEST_F(PmVmmanager5, ALostCreateAnswerIsFoundNotSentAgain) {
  sim.AddFault({{"action", "drop"}, {"when", "after"}, {"func", "^vm\\.edit$"}, {"count", 1}});
  sim.ResetRequests();
  Result open = Run("open", Service().Text());
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  EXPECT_EQ(sim.Vms("billmgr-").size(), 1u);
}

TEST_F(PmVmmanager5, AnExpiredSessionIsReplacedOnce) {
  ASSERT_TRUE(RunModule("check_connection").ok());
  sim.AddFault({{"action", "expire_sessions"}});
  sim.ResetRequests();
  Result open = Run("open", Service().Text());
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  EXPECT_EQ(sim.Sent("POST", "^func=auth$"), 1);
}

TEST_F(PmVmmanager5, AnInstallThatNeverEndsIsAClearErrorAndTheRerunTakesTheSameVm) {
  sim.AddFault({{"action", "install_hang"}});
  ServiceDoc doc = Service({{"install_timeout", "2"}});
  Result hung = Run("open", doc.Text());
  EXPECT_EQ(hung.ErrorType(), "api") << hung.out;
  EXPECT_EQ(hung.ErrorObject(), "install");
  EXPECT_NE(hung.ErrorText().find("still installs"), std::string::npos) << hung.out;
  long vm = OnlyVm().at("id");
  sim.Control("DELETE", "/_sim/faults");
  Result rerun = Run("open", doc.Text());
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(rerun.Value("vmid"), std::to_string(vm));
  EXPECT_EQ(sim.Vms("billmgr-").size(), 1u);
}

TEST_F(PmVmmanager5, AFailedInstallIsDeletedAndTheRerunMakesTheVmAnew) {
  sim.AddFault({{"action", "install_fail"}, {"count", 1}});
  ServiceDoc doc = Service();
  Result failed = Run("open", doc.Text());
  EXPECT_EQ(failed.ErrorType(), "api") << failed.out;
  EXPECT_EQ(failed.ErrorObject(), "install");
  EXPECT_TRUE(sim.Vms("billmgr-").empty()) << "no VM without an OS is left behind";
  Result rerun = Run("open", doc.Text());
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(OnlyVm().at("osinstalled"), true);
}

TEST_F(PmVmmanager5, AnAdministratorNamedLikeTheClientGetsNoVm) {
  ServiceDoc doc = Service();
  doc.params["email"] = "admin";
  Result open = Run("open", doc.Text());
  EXPECT_EQ(open.ErrorType(), "access") << open.out;
  EXPECT_EQ(open.ErrorObject(), "email");
  EXPECT_TRUE(sim.Vms("billmgr-").empty());
}

}  // namespace
}  // namespace pm::contract
