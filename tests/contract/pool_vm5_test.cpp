// The server pool of pmvmmanager5 (contract §12) driven as cron and the panel drive it, against
// vm5-sim: pool_tick makes the VMs of what sells, owned by the pool's user; open hands one over by
// changing its owner to the buyer (seed 001) in place of a create.
#include <gtest/gtest.h>

#include <thread>

#include "harness.h"
#include "panel_database.h"
#include "vm5_sim.h"

namespace pm::contract {
namespace {

constexpr const char* kPoolPrefix = "billmgr-pmvmmanager5 module=7 pool ";
const std::map<std::string, std::string> kPool = {{"pool_owner", "pool"}, {"pool_tier1", "2"}};
const std::map<std::string, std::string> kOneServer = {{"pool_owner", "pool"}, {"pool_tier1", "1"}};

class Vm5Pool : public ::testing::Test {
 protected:
  Vm5Pool() : sim(0.01), panel("pmvmmanager5") {}

  ServiceDoc Service(long item, const std::string& email, const std::map<std::string, std::string>& module = kPool) {
    ServiceDoc doc;
    doc.item = item;
    doc.module_xml = Vm5ModuleXml(sim, module);
    doc.params = {{"ostempl", "ISPsystem__Debian-12-amd64"}, {"domain", "web" + std::to_string(item) + ".example.com"},
                  {"email", email}};
    doc.addons = {{"ncpu", "2", ""}, {"mem", "2", "GiB"}, {"disc", "20", "GiB"}};
    return doc;
  }
  Result Open(const ServiceDoc& doc) { return Run("open", doc); }
  Result Run(const std::string& command, const ServiceDoc& doc) {
    return panel.Run({"--command", command, "--item", std::to_string(doc.item), "--module", "7"}, doc.Text());
  }
  Result Tick() { return panel.Run({"--command", "pool_tick"}, ""); }
  std::vector<std::string> SlotStates() {
    return panel.StateColumn("SELECT state FROM pool_slot ORDER BY slot", "var/pmvmmanager5.db");
  }
  // Ticks until every pooled VM has its OS (their installs take simulated minutes).
  void TickUntilReady() {
    for (int look = 0; look < 100; ++look) {
      Result tick = Tick();
      ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
      auto states = SlotStates();
      if (!states.empty() && std::count(states.begin(), states.end(), "ready") == long(states.size())) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "pooled VMs never became ready: " << panel.Log();
  }
  // One sale, one pooled VM made ready for the next; returns its id.
  long long OneReady() {
    EXPECT_TRUE(Open(Service(1001, "first@example.com", kOneServer)).ok()) << panel.Log();
    Tick();
    TickUntilReady();
    return sim.Vms(kPoolPrefix).at(0).at("id");
  }

  Vm5Simulator sim;
  Panel panel;
};

TEST_F(Vm5Pool, TheTickMakesWhatSellsAndASecondOrderIsServedFromThePool) {
  Result first = Open(Service(1001, "first@example.com"));
  ASSERT_TRUE(first.ok()) << first.out << panel.Log();

  Result tick = Tick();
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  EXPECT_EQ(tick.Value("created"), "2");  // one sale: tier 1, set to two servers
  auto pooled = sim.Vms(kPoolPrefix);
  ASSERT_EQ(pooled.size(), 2u);
  auto owner = sim.User("pool");
  ASSERT_FALSE(owner.is_null());
  EXPECT_EQ(owner.at("level"), 16);
  for (const auto& vm : pooled) {
    EXPECT_EQ(vm.at("uid"), owner.at("id"));
    EXPECT_EQ(vm.at("vcpu"), 2);
    EXPECT_EQ(vm.at("mem"), 2048);
    EXPECT_EQ(vm.at("vsize"), 20480);
  }
  TickUntilReady();

  sim.ResetRequests();
  Result open = Open(Service(1002, "second@example.com"));
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  auto vms = sim.Vms("billmgr-pmvmmanager5 module=7 item=1002");
  ASSERT_EQ(vms.size(), 1u);
  const auto& vm = vms.front();
  EXPECT_EQ(std::to_string(vm.at("id").get<long long>()), open.Value("vmid"));
  EXPECT_EQ(vm.at("uid"), sim.User("second@example.com").at("id")) << "the owner changed to the buyer";
  EXPECT_EQ(vm.at("domain"), "web1002.example.com");
  EXPECT_EQ(open.Value("ip"), vm.at("ips").at(0)) << "a pooled VM keeps its address";
  EXPECT_EQ(sim.Vms(kPoolPrefix).size(), 1u);
  EXPECT_EQ(sim.Vms("billmgr-").size(), 3u) << "no VM was made for the second order";
  EXPECT_EQ(open.Calls("service.postopen").size(), 1u);

  tick = Tick();  // two sales now: the pool makes up the VM it gave away, the buyers' stay
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  EXPECT_EQ(tick.Value("created"), "1");
  EXPECT_EQ(tick.Value("removed"), "0");
  EXPECT_EQ(sim.Vms("billmgr-pmvmmanager5 module=7 item=").size(), 2u);
}

TEST_F(Vm5Pool, FromThePanelsDatabaseASecondOrderIsServedFromThePoolToo) {
  test::PanelDatabase db;
  panel.UseDatabase(db);
  long long pooled = OneReady();
  Result second = Open(Service(1002, "second@example.com", kOneServer));
  ASSERT_TRUE(second.ok()) << second.out << panel.Log();
  EXPECT_FALSE(second.Calls("paramlist").empty()) << "the open did not read the panel's database";
  EXPECT_EQ(second.Value("vmid"), std::to_string(pooled));
}

// A kill at each write of the hand-over: the rerun finishes it on the same VM.
class KilledVm5HandOver : public Vm5Pool, public ::testing::WithParamInterface<const char*> {};

TEST_P(KilledVm5HandOver, TheRerunFinishesItOnTheSameVm) {
  long long pooled = OneReady();
  ServiceDoc doc = Service(1002, "second@example.com", kOneServer);
  sim.ResetRequests();
  ASSERT_TRUE(KillOnceSent(panel, sim, {"--command", "open", "--item", "1002", "--module", "7"}, doc.Text(), "POST",
                           GetParam()));
  Result ticked = Tick();  // cron in between must not take the half-given VM back
  ASSERT_TRUE(ticked.ok()) << ticked.out << panel.Log();
  Result rerun = Open(doc);
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(rerun.Value("vmid"), std::to_string(pooled));
  auto vms = sim.Vms("billmgr-pmvmmanager5 module=7 item=1002");
  ASSERT_EQ(vms.size(), 1u);
  EXPECT_EQ(vms.front().at("uid"), sim.User("second@example.com").at("id"));
  EXPECT_TRUE(panel.StateColumn("SELECT slot FROM pool_slot WHERE taken_by <> 0", "var/pmvmmanager5.db").empty());
}

// A close of a service killed mid-hand-over gives the VM back to the tick, which deletes it.
TEST_P(KilledVm5HandOver, ACloseThenLeavesNoClaimAndTheTickDeletesTheVm) {
  long long pooled = OneReady();
  ServiceDoc doc = Service(1002, "second@example.com", kOneServer);
  sim.ResetRequests();
  ASSERT_TRUE(KillOnceSent(panel, sim, {"--command", "open", "--item", "1002", "--module", "7"}, doc.Text(), "POST",
                           GetParam()));
  Result close = Run("close", doc);
  ASSERT_TRUE(close.ok()) << close.out << panel.Log();
  EXPECT_TRUE(panel.StateColumn("SELECT slot FROM pool_slot WHERE taken_by <> 0", "var/pmvmmanager5.db").empty());
  ASSERT_TRUE(Tick().ok()) << panel.Log();
  for (const auto& vm : sim.Vms()) EXPECT_NE(vm.at("id").get<long long>(), pooled) << vm.dump();
}

INSTANTIATE_TEST_SUITE_P(EachWrite, KilledVm5HandOver,
                         ::testing::Values("^func=vm\\.chpasswd$", "^func=user\\.edit$", "^func=vm\\.edit$"));

}  // namespace
}  // namespace pm::contract
