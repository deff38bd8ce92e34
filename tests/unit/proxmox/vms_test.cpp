#include "proxmox/vms.h"

#include <gtest/gtest.h>

#include "proxmox/errors.h"
#include "scripted_http.h"

using namespace pm::proxmox;
using pm::test::ScriptedHttp;

namespace {

const std::string kBase = "https://pve1:8006/api2/json";
const std::string kUpid = R"("UPID:pve1:0001A2B3:00C4D5E6:6650A1B2:qmdestroy:100:u@pve!t:")";
const std::string kBusy = "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout";

std::string Stopped(const std::string& exit) { return R"({"status":"stopped","exitstatus":")" + exit + R"("})"; }

}  // namespace

TEST(Vm, TaskThatOnlyMissedTheFileLockIsRunAgain) {
  ScriptedHttp http;
  http.Expect("DELETE " + kBase + "/nodes/pve1/qemu/100?purge=1", ScriptedHttp::Ok(kUpid));
  http.Expect("/tasks/", ScriptedHttp::Ok(Stopped(kBusy)));
  http.Expect("DELETE " + kBase + "/nodes/pve1/qemu/100?purge=1", ScriptedHttp::Ok(kUpid));
  http.Expect("/tasks/", ScriptedHttp::Ok(Stopped("OK")));
  std::vector<std::chrono::milliseconds> sleeps;
  Api api(http, kBase, std::make_unique<TokenAuth>("u@pve!t", "s"), [&](auto d) { sleeps.push_back(d); });
  Vm(api, "pve1", 100).Destroy();
  EXPECT_EQ(http.sent.size(), 4u);
  EXPECT_EQ(http.sent[0].url.find("destroy-unreferenced-disks"), std::string::npos)
      << "never free volumes the config does not reference";
}

TEST(Vm, OtherTaskFailuresAreNotRepeated) {
  ScriptedHttp http;
  http.Expect("/status/start", ScriptedHttp::Ok(kUpid));
  http.Expect("/tasks/", ScriptedHttp::Ok(Stopped("VM is locked (backup)")));
  Api api(http, kBase, std::make_unique<TokenAuth>("u@pve!t", "s"), [](auto) {});
  EXPECT_THROW(Vm(api, "pve1", 100).Start(), TaskError);
  EXPECT_EQ(http.sent.size(), 2u);
}
