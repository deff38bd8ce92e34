// The server pool of pmvmmanager6 (contract §12) driven as cron and the panel drive it, against
// vm6-sim: pool_tick makes the servers of what sells, open hands one over in place of a create.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "harness.h"
#include "vm6_sim.h"

namespace pm::contract {
namespace {

constexpr const char* kPoolMarker = "billmgr-pmvmmanager6 module=7 pool";
const std::map<std::string, std::string> kPool = {{"pool_owner", "pool@example.net"}, {"pool_tier1", "2"}};

class Vm6Pool : public ::testing::Test {
 protected:
  Vm6Pool() : sim(0.01), panel("pmvmmanager6") {}

  ServiceDoc Service(long item, const std::string& email, const std::map<std::string, std::string>& module = kPool) {
    ServiceDoc doc;
    doc.item = item;
    doc.module_xml = Vm6ModuleXml(sim, module);
    doc.params = {{"ostempl", "ISPsystem__Debian 12"}, {"domain", "web" + std::to_string(item) + ".example.com"},
                  {"email", email}};
    doc.addons = {{"ncpu", "2", ""}, {"mem", "2", "GiB"}, {"disc", "20", "GiB"}};
    return doc;
  }
  Result Open(const ServiceDoc& doc) {
    return panel.Run({"--command", "open", "--item", std::to_string(doc.item), "--module", "7"}, doc.Text());
  }
  Result Tick() { return panel.Run({"--command", "pool_tick"}, ""); }
  std::vector<std::string> SlotStates() {
    return panel.StateColumn("SELECT state FROM pool_slot ORDER BY slot", "var/pmvmmanager6.db");
  }
  // Ticks until every pooled server is ready (their creation takes simulated minutes).
  void TickUntilReady() {
    for (int look = 0; look < 100; ++look) {
      Result tick = Tick();
      ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
      auto states = SlotStates();
      if (!states.empty() && std::count(states.begin(), states.end(), "ready") == long(states.size())) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "pooled servers never became ready: " << panel.Log();
  }

  Vm6Simulator sim;
  Panel panel;
};

TEST_F(Vm6Pool, TheTickMakesWhatSellsAndASecondOrderIsServedFromThePool) {
  Result first = Open(Service(1001, "first@example.com"));
  ASSERT_TRUE(first.ok()) << first.out << panel.Log();

  Result tick = Tick();
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  EXPECT_EQ(tick.Value("created"), "2");  // one sale: tier 1, set to two servers
  auto pooled = sim.Hosts(kPoolMarker);
  ASSERT_EQ(pooled.size(), 2u);
  for (const auto& host : pooled) {
    EXPECT_EQ(host.at("comment"), kPoolMarker);
    EXPECT_EQ(host.at("account").at("email"), "pool@example.net");
    EXPECT_EQ(host.at("cpu_number"), 2);
    EXPECT_EQ(host.at("ram_mib"), 2048);
  }
  TickUntilReady();

  sim.ResetRequests();
  ServiceDoc second = Service(1002, "second@example.com");
  second.SetAddon("ip", "2");  // pooled hosts have one address: the hand-over adds the other
  Result open = Open(second);
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  EXPECT_EQ(sim.Sent("POST", "^/vm/v3/host$"), 0) << "a host was made though the pool had one";
  auto hosts = sim.Hosts("billmgr-pmvmmanager6 module=7 item=1002");
  ASSERT_EQ(hosts.size(), 1u);
  const auto& host = hosts.front();
  EXPECT_EQ(std::to_string(host.at("id").get<long long>()), open.Value("vmid"));
  EXPECT_EQ(host.at("comment"), "billmgr-pmvmmanager6 module=7 item=1002");
  EXPECT_EQ(host.at("account").at("email"), "second@example.com");
  EXPECT_EQ(host.at("name"), "web1002.example.com");
  EXPECT_EQ(host.at("ip4").size(), 2u) << host.dump();
  EXPECT_EQ(sim.Hosts(kPoolMarker).size(), 1u);
  EXPECT_EQ(open.Calls("service.postopen").size(), 1u);

  // Two sales now; the pool makes up the server it gave away and leaves the buyers' hosts alone.
  tick = Tick();
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  EXPECT_EQ(tick.Value("created"), "1");
  EXPECT_EQ(tick.Value("removed"), "0");
  EXPECT_EQ(sim.Hosts("item=1001").size(), 1u);
  EXPECT_EQ(sim.Hosts("item=1002").size(), 1u);
}

TEST_F(Vm6Pool, NoPoolOwnerMeansNoPoolAndNoError) {
  Result open = Open(Service(1001, "first@example.com", {}));
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  Result tick = Tick();
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  EXPECT_EQ(tick.Value("pools"), "0");
  EXPECT_TRUE(sim.Hosts(kPoolMarker).empty());
}

TEST_F(Vm6Pool, TwoOrdersAtOnceNeverGetTheSameServer) {
  auto tiers = kPool;
  tiers["pool_tier1"] = "1";
  ASSERT_TRUE(Open(Service(1001, "first@example.com", tiers)).ok()) << panel.Log();
  Tick();
  TickUntilReady();
  auto a = panel.Start({"--command", "open", "--item", "1002", "--module", "7"},
                       Service(1002, "second@example.com", tiers).Text());
  auto b = panel.Start({"--command", "open", "--item", "1003", "--module", "7"},
                       Service(1003, "third@example.com", tiers).Text());
  a.wait();
  b.wait();
  EXPECT_EQ(a.exit_code(), 0) << panel.Log();
  EXPECT_EQ(b.exit_code(), 0) << panel.Log();
  auto second = sim.Hosts("item=1002");
  auto third = sim.Hosts("item=1003");
  ASSERT_EQ(second.size(), 1u);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_NE(second.front().at("id"), third.front().at("id"));
  EXPECT_EQ(sim.Sent("POST", "^/vm/v3/host$"), 3);  // the first order, the pool's one, and one more
}

// A kill at each write of the hand-over: the rerun finishes it on the same server.
class KilledHandOver : public Vm6Pool, public ::testing::WithParamInterface<const char*> {};

TEST_P(KilledHandOver, TheRerunFinishesItOnTheSameServer) {
  auto tiers = kPool;
  tiers["pool_tier1"] = "1";
  ASSERT_TRUE(Open(Service(1001, "first@example.com", tiers)).ok()) << panel.Log();
  Tick();
  TickUntilReady();
  long long pooled = sim.Hosts(kPoolMarker).at(0).at("id");
  ServiceDoc doc = Service(1002, "second@example.com", tiers);
  auto child = panel.Start({"--command", "open", "--item", "1002", "--module", "7"}, doc.Text());
  bool sent = sim.AwaitSent("POST", GetParam());
  ::kill(child.id(), SIGKILL);
  child.wait();
  ASSERT_TRUE(sent) << GetParam() << " never sent";

  Result ticked = Tick();  // cron in between must not take the half-given server back
  ASSERT_TRUE(ticked.ok()) << ticked.out << panel.Log();
  Result rerun = Open(doc);
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(rerun.Value("vmid"), std::to_string(pooled));
  auto hosts = sim.Hosts("item=1002");
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_EQ(hosts.front().at("account").at("email"), "second@example.com");
  EXPECT_TRUE(panel.StateColumn("SELECT slot FROM pool_slot WHERE taken_by <> 0", "var/pmvmmanager6.db").empty());
}

INSTANTIATE_TEST_SUITE_P(EachWrite, KilledHandOver,
                         ::testing::Values("^/vm/v3/host/[0-9]+/account$", "^/vm/v3/host/[0-9]+/password$"));

}  // namespace
}  // namespace pm::contract
