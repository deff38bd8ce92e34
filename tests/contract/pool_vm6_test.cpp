// The server pool of pmvmmanager6 (contract §12) driven as cron and the panel drive it, against
// vm6-sim: pool_tick makes the servers of what sells, open hands one over in place of a create.
#include <gtest/gtest.h>

#include <thread>

#include "harness.h"
#include "panel_database.h"
#include "vm6_sim.h"

namespace pm::contract {
namespace {

constexpr const char* kPoolMarker = "billmgr-pmvmmanager6 module=7 pool";
const std::map<std::string, std::string> kPool = {{"pool_owner", "pool@example.net"}, {"pool_tier1", "2"}};
const std::map<std::string, std::string> kOneServer = {{"pool_owner", "pool@example.net"}, {"pool_tier1", "1"}};

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

  // A pooled host made ready for one sale, and the open of `doc` killed once it sent `write`
  // (a path pattern) in the hand-over of that host, whose id this returns.
  long long KillHandOverAt(const std::string& write, const ServiceDoc& doc) {
    EXPECT_TRUE(Open(Service(1001, "first@example.com", kOneServer)).ok()) << panel.Log();
    Tick();
    TickUntilReady();
    long long pooled = sim.Hosts(kPoolMarker).at(0).at("id");
    EXPECT_TRUE(KillOnceSent(panel, sim, {"--command", "open", "--item", std::to_string(doc.item), "--module", "7"},
                             doc.Text(), "POST", write))
        << write << " never sent";
    return pooled;
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
  auto addresses = sim.Api("GET", "/vm/v3/host/" + open.Value("vmid") + "/ipv4").at("list");
  ASSERT_EQ(addresses.size(), 2u);
  for (const auto& address : addresses) EXPECT_EQ(address.at("domain"), "web1002.example.com") << address.dump();
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

// As a stock panel runs it: the pool's settings and the orders come from the panel's database,
// the tick finds the module there.
TEST_F(Vm6Pool, FromThePanelsDatabaseASecondOrderIsServedFromThePoolToo) {
  test::PanelDatabase db;
  panel.UseDatabase(db);
  Result first = Open(Service(1001, "first@example.com", kOneServer));
  ASSERT_TRUE(first.ok()) << first.out << panel.Log();
  EXPECT_FALSE(first.Calls("paramlist").empty()) << "the open did not read the panel's database";
  Result tick = Tick();
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  EXPECT_EQ(tick.Value("created"), "1");
  TickUntilReady();
  long long pooled = sim.Hosts(kPoolMarker).at(0).at("id");

  Result second = Open(Service(1002, "second@example.com", kOneServer));
  ASSERT_TRUE(second.ok()) << second.out << panel.Log();
  EXPECT_EQ(second.Value("vmid"), std::to_string(pooled));
  auto hosts = sim.Hosts("billmgr-pmvmmanager6 module=7 item=1002");
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_EQ(hosts.front().at("account").at("email"), "second@example.com");
  EXPECT_EQ(sim.Sent("POST", "^/vm/v3/host$"), 2);  // the first order and the pool's one
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
  ASSERT_TRUE(Open(Service(1001, "first@example.com", kOneServer)).ok()) << panel.Log();
  Tick();
  TickUntilReady();
  auto a = panel.Start({"--command", "open", "--item", "1002", "--module", "7"},
                       Service(1002, "second@example.com", kOneServer).Text());
  auto b = panel.Start({"--command", "open", "--item", "1003", "--module", "7"},
                       Service(1003, "third@example.com", kOneServer).Text());
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
  ServiceDoc doc = Service(1002, "second@example.com", kOneServer);
  long long pooled = KillHandOverAt(GetParam(), doc);
  ASSERT_FALSE(HasFailure()) << panel.Log();

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

// The hand-over's writes that wait for a task, where a kill lands.
const auto kHandOverWrites = ::testing::Values("^/vm/v3/host/[0-9]+/account$", "^/vm/v3/host/[0-9]+/password$");

INSTANTIATE_TEST_SUITE_P(EachWrite, KilledHandOver, kHandOverWrites);

// The owner change fails (its task, or the request): the open says so, a tick leaves the claimed
// host alone, and the rerun finishes the hand-over on the same host.
class FailedOwnerChange : public Vm6Pool, public ::testing::WithParamInterface<const char*> {};

TEST_P(FailedOwnerChange, IsAnErrorAndTheRerunFinishesOnTheSameServer) {
  ASSERT_TRUE(Open(Service(1001, "first@example.com", kOneServer)).ok()) << panel.Log();
  Tick();
  TickUntilReady();
  long long pooled = sim.Hosts(kPoolMarker).at(0).at("id");
  sim.AddFault(nlohmann::json::parse(GetParam()));
  ServiceDoc doc = Service(1002, "second@example.com", kOneServer);
  Result failed = Open(doc);
  EXPECT_FALSE(failed.ok()) << failed.out;
  EXPECT_NE(failed.out.find("<error"), std::string::npos) << failed.out;
  EXPECT_TRUE(failed.Calls("service.postopen").empty());

  ASSERT_TRUE(Tick().ok()) << panel.Log();  // it may make up for the claimed host, never takes it
  sim.ResetRequests();
  Result rerun = Open(doc);
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(rerun.Value("vmid"), std::to_string(pooled));
  EXPECT_EQ(sim.Sent("POST", "^/vm/v3/host$"), 0) << "the rerun made a host";
  auto hosts = sim.Hosts("item=1002");
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_EQ(hosts.front().at("account").at("email"), "second@example.com");
}

INSTANTIATE_TEST_SUITE_P(
    EachWay, FailedOwnerChange,
    ::testing::Values(R"({"action": "task_fail", "task_name": "host_change_owner", "count": 1})",
                      R"({"action": "status", "status": 500, "method": "POST", "path": "/account$", "count": 1})"));

// The panel closes a service whose open was killed in the hand-over: the host, still carrying the
// pool's marker, goes back to the tick to be deleted.
class ClosedMidHandOver : public Vm6Pool, public ::testing::WithParamInterface<const char*> {};

TEST_P(ClosedMidHandOver, TheServerIsDeletedAndStaysClaimedByNoOne) {
  ServiceDoc doc = Service(1002, "second@example.com", kOneServer);
  long long pooled = KillHandOverAt(GetParam(), doc);
  ASSERT_FALSE(HasFailure()) << panel.Log();

  Result close = panel.Run({"--command", "close", "--item", "1002", "--module", "7"}, doc.Text());
  ASSERT_TRUE(close.ok()) << close.out << panel.Log();
  Result tick = Tick();
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  for (const auto& host : sim.Hosts()) {
    if (host.at("id") == pooled) {
      EXPECT_EQ(host.at("state"), "deleting") << host.dump();
    }
  }
  EXPECT_TRUE(sim.Hosts("item=1002").empty());
  EXPECT_EQ(sim.Hosts("item=1001").size(), 1u);
  EXPECT_TRUE(panel.StateColumn("SELECT slot FROM pool_slot WHERE taken_by <> 0", "var/pmvmmanager6.db").empty());
  EXPECT_TRUE(panel.StateColumn("SELECT slot FROM pool_slot WHERE vmid = " + std::to_string(pooled) +
                                    " AND state <> 'deleting'",
                                "var/pmvmmanager6.db")
                  .empty());
}

INSTANTIATE_TEST_SUITE_P(EachWrite, ClosedMidHandOver, kHandOverWrites);

}  // namespace
}  // namespace pm::contract
