// pmvmmanager5 under one injected fault per case on vm5-sim, across every command that changes a
// VM: the fault is armed, the command runs, the fault is cleared, the command runs again. Whatever
// happened, the first answer is a document whose error type that fault can cause, the rerun
// succeeds, the service has exactly one VM (none after close) in the state the command leads to,
// and the seeded foreign VM is untouched.
#include <gtest/gtest.h>

#include <set>

#include "harness.h"
#include "vm5_sim.h"

namespace pm::contract {
namespace {

using nlohmann::json;

constexpr const char* kMarker = "billmgr-pmvmmanager5 module=7 item=1001";

struct FaultCase {
  const char* kind;
  const char* command;
  json fault;
  std::set<std::string> first;  // what the first run may answer: "ok" or error types
};

void PrintTo(const FaultCase& census, std::ostream* out) { *out << census.kind; }

json Drop(const char* when, const char* func) {
  return {{"action", "drop"}, {"when", when}, {"func", func}, {"count", 1}};
}
json Status(int status, const char* func) {
  return {{"action", "status"}, {"status", status}, {"func", func}, {"count", 1}};
}
json Refusal(const char* func) {
  return {{"action", "error"}, {"type", "value"}, {"object", "elid"}, {"func", func}, {"count", 1}};
}

const std::set<std::string> kOk = {"ok"};
const std::set<std::string> kLost = {"ok", "connection"};

const std::vector<FaultCase> kCases = {
    {"open: sign-in dropped", "open", Drop("before", "^auth$"), {"connection"}},
    {"open: template list 502", "open", Status(502, "^osmgr$"), {"api"}},
    {"open: user create lost after", "open", Drop("after", "^user\\.edit$"), kLost},
    {"open: user create refused", "open", Refusal("^user\\.edit$"), {"value"}},
    {"open: create dropped before", "open", Drop("before", "^vm\\.edit$"), {"connection"}},
    {"open: create lost after", "open", Drop("after", "^vm\\.edit$"), kOk},
    {"open: create answered 504", "open", Status(504, "^vm\\.edit$"), {"connection"}},
    {"open: install fails", "open", {{"action", "install_fail"}, {"count", 1}}, {"api"}},
    {"open: VM list 502 while installing", "open", Status(502, "^vm$"), {"api"}},
    {"suspend: block lost after", "suspend", Drop("after", "^vm\\.edit$"), kLost},
    {"suspend: stop lost after", "suspend", Drop("after", "^vm\\.stop$"), kLost},
    {"suspend: stop refused", "suspend", Refusal("^vm\\.stop$"), {"value"}},
    {"resume: unblock lost after", "resume", Drop("after", "^vm\\.edit$"), kLost},
    {"resume: start lost after", "resume", Drop("after", "^vm\\.start$"), kLost},
    {"setparam: edit lost after", "setparam", Drop("after", "^vm\\.edit$"), kLost},
    {"setparam: restart dropped before", "setparam", Drop("before", "^vm\\.restart$"), {"connection"}},
    {"reboot: restart lost after", "reboot", Drop("after", "^vm\\.restart$"), kLost},
    {"close: delete lost after", "close", Drop("after", "^vm\\.delete$"), kOk},
    {"close: delete dropped before", "close", Drop("before", "^vm\\.delete$"), {"connection"}},
};

class Vm5Faults : public ::testing::TestWithParam<FaultCase> {
 protected:
  Vm5Faults() : sim(0.01), panel("pmvmmanager5") {
    doc.module_xml = Vm5ModuleXml(sim);
    doc.params = {{"ostempl", "ISPsystem__Debian-12-amd64"}, {"domain", "web1.example.com"},
                  {"email", "buyer@example.com"}, {"ip", "203.0.113.40"}};
    doc.addons = {{"ncpu", "2", ""}, {"mem", "2", "GiB"}, {"disc", "20", "GiB"}};
  }
  Result Run(const std::string& command) {
    return panel.Run({"--command", command, "--item", "1001", "--module", "7"}, doc.Text());
  }
  std::string Answer(const Result& result) { return result.ok() ? "ok" : result.ErrorType(); }

  Vm5Simulator sim;
  Panel panel;
  ServiceDoc doc;
};

TEST_P(Vm5Faults, TheRerunCompletesWithExactlyOneVmAndNothingForeignTouched) {
  const FaultCase& census = GetParam();
  std::string command = census.command;
  if (command != "open") {
    Result open = Run("open");
    ASSERT_TRUE(open.ok()) << open.out << panel.Log();
    doc.params["vmid"] = open.Value("vmid");
    if (command == "resume") {
      ASSERT_TRUE(Run("suspend").ok()) << panel.Log();
    }
    if (command == "setparam") doc.SetAddon("ncpu", "4");
  }
  json foreign = sim.Vms("foreign1").at(0);
  sim.AddFault(census.fault);
  Result first = Run(command);
  EXPECT_TRUE(census.first.count(Answer(first))) << census.kind << ": " << first.out << panel.Log();
  EXPECT_EQ(first.exit_code == 0, first.ok()) << first.out;
  sim.Control("DELETE", "/_sim/faults");

  Result rerun = Run(command);
  ASSERT_TRUE(rerun.ok()) << census.kind << ": " << rerun.out << panel.Log();
  auto vms = sim.Vms(kMarker);
  if (command == "close") {
    EXPECT_TRUE(vms.empty()) << json(vms).dump();
  } else {
    ASSERT_EQ(vms.size(), 1u) << json(vms).dump();
    const json& vm = vms.front();
    EXPECT_EQ(vm.at("osinstalled"), true);
    EXPECT_EQ(vm.at("blocked"), command == "suspend");
    if (command == "setparam") {
      EXPECT_EQ(vm.at("vcpu"), 4);
    }
  }
  EXPECT_EQ(sim.Vms("billmgr-").size(), vms.size()) << "a VM besides the service's";
  json now = sim.Vms("foreign1").at(0);
  for (const char* field : {"id", "uid", "mem", "vcpu", "blocked", "osname", "ips"}) {
    EXPECT_EQ(now.at(field), foreign.at(field)) << field;
  }
  EXPECT_EQ(panel.Log().find("admin-secret"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Census, Vm5Faults, ::testing::ValuesIn(kCases), [](const auto& info) {
  std::string name;
  for (char c : std::string(info.param.kind)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
});

}  // namespace
}  // namespace pm::contract
