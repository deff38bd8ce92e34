// Every command of a service's life run twice, as the tests run it (the document on stdin) and as
// a stock BILLmanager does (no document: the panel's database, contract §13): the same answers,
// the same panel calls, the same hypervisor effects.
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <fstream>
#include <functional>
#include <iomanip>
#include <memory>
#include <regex>
#include <sstream>

#include "harness.h"
#include "panel_database.h"
#include "vm5_sim.h"
#include "vm6_sim.h"

namespace pm::contract {
namespace {

// One line per fact, so that a difference shows where it is. `vms` are the hypervisor's view of
// the service's VMs after the command.
std::vector<std::string> Transcript(const std::string& command, const Result& result,
                                    const std::vector<nlohmann::json>& vms) {
  std::vector<std::string> lines = {command + " exit " + std::to_string(result.exit_code) + ": " + result.out};
  for (const auto& call : result.calls) {
    if (call.func == "paramlist") continue;  // how the database source finds the database
    std::ostringstream line;
    line << command << " calls " << call.func;
    for (const auto& [name, value] : call.args) line << " " << name << "=" << value;
    lines.push_back(line.str());
  }
  for (auto vm : vms) {
    for (const char* volatile_field : {"uptime", "password_sha256", "cpu", "mem", "disk", "netin", "netout",
                                       "diskread", "diskwrite"}) {
      vm.erase(volatile_field);
    }
    lines.push_back(command + " leaves " + vm.dump());
  }
  return lines;
}

struct Life {
  std::vector<std::string> transcript;
  size_t database_reads = 0;  // paramlist calls: runs that read the panel's database
};

// Runs commands of service 1001 of module 7 either way and keeps the transcript; `vms` reads the
// hypervisor's side after each.
class Runner {
 public:
  Runner(const std::string& module, bool database, std::function<std::vector<nlohmann::json>()> vms)
      : panel_(module), vms_(std::move(vms)) {
    if (database) {
      db_ = std::make_unique<test::PanelDatabase>();
      panel_.UseDatabase(*db_);
    }
  }
  Result Run(const std::string& command, const std::string& text, bool item = true) {
    std::vector<std::string> args = {"--command", command, "--module", "7"};
    if (item) args.insert(args.end(), {"--item", "1001"});
    Result result = panel_.Run(args, text);
    auto lines = Transcript(command, result, vms_());
    life.transcript.insert(life.transcript.end(), lines.begin(), lines.end());
    life.database_reads += result.Calls("paramlist").size();
    return result;
  }
  Life life;

 private:
  std::unique_ptr<test::PanelDatabase> db_;
  Panel panel_;
  std::function<std::vector<nlohmann::json>()> vms_;
};

// Generated MACs differ from run to run, whatever the source, and traffic counters grow with the
// time a VM has run.
std::string Steady(const std::string& line) {
  static const std::regex mac("[0-9A-F]{2}(:[0-9A-F]{2}){5}");
  static const std::regex traffic("<(netin|netout)>[0-9]+</");
  return std::regex_replace(std::regex_replace(line, mac, "<mac>"), traffic, "<$1>…</");
}

void ExpectTheSame(const Life& from_stdin, const Life& from_database, size_t commands) {
  EXPECT_EQ(from_stdin.database_reads, 0u);
  EXPECT_EQ(from_database.database_reads, commands) << "every command read the database";
  ASSERT_GT(from_stdin.transcript.size(), 2 * commands);
  for (const auto& line : from_stdin.transcript) EXPECT_EQ(line.find("<error"), std::string::npos) << line;
  ASSERT_EQ(from_stdin.transcript.size(), from_database.transcript.size());
  for (size_t i = 0; i < from_stdin.transcript.size(); ++i) {
    EXPECT_EQ(Steady(from_stdin.transcript[i]), Steady(from_database.transcript[i]));
  }
}

Life Vm6Life(bool database) {
  Vm6Simulator sim;
  Runner runner("pmvmmanager6", database, [&] { return sim.Hosts("billmgr-pmvmmanager6"); });
  ServiceDoc doc;
  doc.module_xml = Vm6ModuleXml(sim);
  doc.params = {{"ostempl", "ISPsystem__Debian 12"}, {"domain", "web1.example.com"}, {"email", "buyer@example.com"}};
  doc.addons = {{"ncpu", "2", ""}, {"mem", "2", "GiB"}, {"disc", "20", "GiB"}, {"backup_schedule", "vm6_7_1", ""}};
  std::string module_doc = "<doc>" + doc.module_xml + "</doc>";
  runner.Run("get_server_config", module_doc, false);
  Result open = runner.Run("open", doc.Text());
  doc.params["vmid"] = open.Value("vmid");
  doc.params["ip"] = open.Value("ip");
  doc.SetAddon("ncpu", "4");
  for (const char* command : {"setparam", "reboot", "suspend", "resume", "sync_item"}) runner.Run(command, doc.Text());
  runner.Run("stat", module_doc, false);
  doc.params["password"] = "N3w-pa55word";
  runner.Run("reinstall", doc.Text());
  runner.Run("changepassword", doc.Text());
  runner.Run("close", doc.Text());
  return runner.life;
}

// vm5-sim's VMs of the module, without what a power action's timing decides.
std::vector<nlohmann::json> Vm5Vms(Vm5Simulator& sim) {
  auto vms = sim.Vms("billmgr-pmvmmanager5");
  for (auto& vm : vms) {
    vm.erase("pending_state");
    vm.erase("install_seconds_left");
    vm.erase("state");
  }
  return vms;
}

Life Vm5Life(bool database) {
  Vm5Simulator sim;
  Runner runner("pmvmmanager5", database, [&] { return Vm5Vms(sim); });
  ServiceDoc doc;
  doc.module_xml = Vm5ModuleXml(sim);
  doc.params = {{"ostempl", "ISPsystem__Debian-12-amd64"}, {"domain", "web1.example.com"},
                {"email", "buyer@example.com"}, {"ip", "203.0.113.40"}};
  doc.addons = {{"ncpu", "2", ""}, {"mem", "2", "GiB"}, {"disc", "20", "GiB"}};
  std::string module_doc = "<doc>" + doc.module_xml + "</doc>";
  runner.Run("get_server_config", module_doc, false);
  Result open = runner.Run("open", doc.Text());
  doc.params["vmid"] = open.Value("vmid");
  doc.SetAddon("ncpu", "4");
  for (const char* command : {"setparam", "reboot", "suspend", "resume", "sync_item"}) runner.Run(command, doc.Text());
  runner.Run("stat", module_doc, false);
  doc.params["password"] = "N3w-pa55word";
  runner.Run("reinstall", doc.Text());
  runner.Run("changepassword", doc.Text());
  runner.Run("close", doc.Text());
  return runner.life;
}

Life ProxmoxLife(bool database) {
  Simulator sim;
  Runner runner("pmproxmox", database, [&] { return sim.Guests(); });
  ServiceDoc doc;
  doc.module_xml = ModuleXml(sim);
  doc.params["email"] = "buyer@example.com";
  std::string module_doc = "<doc>" + doc.module_xml + "</doc>";
  runner.Run("get_server_config", module_doc, false);
  Result open = runner.Run("open", doc.Text());
  doc.params["vmid"] = open.Value("vmid");
  doc.params["node"] = open.Value("node");
  doc.SetAddon("ncpu", "2");
  doc.SetAddon("disc", "12", "GiB");
  for (const char* command : {"setparam", "reboot", "suspend", "resume", "sync_item"}) runner.Run(command, doc.Text());
  runner.Run("stat", module_doc, false);
  runner.Run("close", doc.Text());
  return runner.life;
}

TEST(BothWays, APmvmmanager6ServiceLivesTheSameFromTheDocumentAndFromTheDatabase) {
  ExpectTheSame(Vm6Life(false), Vm6Life(true), 11);
}

TEST(BothWays, APmvmmanager5ServiceLivesTheSameFromTheDocumentAndFromTheDatabase) {
  ExpectTheSame(Vm5Life(false), Vm5Life(true), 11);
}

TEST(BothWays, APmproxmoxServiceLivesTheSameFromTheDocumentAndFromTheDatabase) {
  ExpectTheSame(ProxmoxLife(false), ProxmoxLife(true), 9);
}

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::ostringstream hex;
  for (unsigned char byte : digest) hex << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(byte);
  return hex.str();
}

// A stock panel passes changepassword's new password as an argument, crypted, and stores it only
// after the command succeeded.
TEST(FromTheDatabase, ChangepasswordSetsThePasswordOfItsArgument) {
  Vm6Simulator sim;
  test::PanelDatabase db;
  Panel panel("pmvmmanager6");
  panel.UseDatabase(db);
  ServiceDoc doc;
  doc.module_xml = Vm6ModuleXml(sim);
  doc.params = {{"ostempl", "ISPsystem__Debian 12"}, {"email", "buyer@example.com"}, {"password", "0ld-pa55word"}};
  doc.addons = {{"ncpu", "1", ""}, {"mem", "1", "GiB"}, {"disc", "10", "GiB"}};
  ASSERT_TRUE(panel.Run({"--command", "open", "--item", "1001", "--module", "7"}, doc.Text()).ok());
  Result changed = panel.Run({"--command", "changepassword", "--item", "1001", "--password", db.Encrypt("N3w-pa55word")}, "");
  ASSERT_TRUE(changed.ok()) << changed.out;
  auto hosts = sim.Hosts("billmgr-pmvmmanager6");
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_EQ(hosts[0].at("password_sha256"), Sha256Hex("N3w-pa55word"));
  EXPECT_EQ(panel.Log().find("N3w-pa55word"), std::string::npos);
}

// What a stock panel's run can meet in its database: nothing is asked of the hypervisor or the
// panel, and the error says what is wrong without the database password.
TEST(FromTheDatabase, AMissingServiceOrAnUnreachableDatabaseIsAClearErrorAndChangesNothing) {
  Vm6Simulator sim;
  test::PanelDatabase db;
  Panel panel("pmvmmanager6");
  panel.UseDatabase(db);
  sim.ResetRequests();
  Result missing = panel.Run({"--command", "open", "--item", "4242"}, "");
  EXPECT_EQ(missing.ErrorType(), "notfound") << missing.out;
  EXPECT_NE(missing.ErrorText().find("4242"), std::string::npos) << missing.out;

  std::ofstream(panel.root() / "paramlist.xml")
      << "<doc><elem><DBUser>billmgr</DBUser></elem><elem><DBPassword>" << db.password()
      << "</DBPassword></elem><elem><DBSocket>/nonexistent/mysqld.sock</DBSocket></elem></doc>";
  Result unreachable = panel.Run({"--command", "suspend", "--item", "1001"}, "");
  EXPECT_EQ(unreachable.ErrorType(), "connection") << unreachable.out;
  EXPECT_NE(unreachable.ErrorText().find("/nonexistent/mysqld.sock"), std::string::npos) << unreachable.out;
  EXPECT_EQ(unreachable.out.find(db.password()), std::string::npos);
  EXPECT_EQ(panel.Log().find(db.password()), std::string::npos);

  EXPECT_EQ(sim.RequestCount(), 0);
  for (const Result* result : {&missing, &unreachable}) {
    for (const auto& call : result->calls) EXPECT_EQ(call.func, "paramlist") << "a panel call that changes something";
  }
}

}  // namespace
}  // namespace pm::contract
