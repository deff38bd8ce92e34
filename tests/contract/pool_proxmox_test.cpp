// The server pool of pmproxmox (contract §12) driven as cron and the panel drive it, against
// pve-sim: pool_tick clones the VMs of what sells, open re-identifies one in place of a clone.
#include <gtest/gtest.h>

#include "harness.h"

namespace pm::contract {
namespace {

constexpr const char* kPoolMarker = "billmgr-pmproxmox module=7 pool";
const std::map<std::string, std::string> kPool = {{"pool_owner", "pool@example.net"}, {"pool_tier1", "1"}};

class ProxmoxPool : public ::testing::Test {
 protected:
  ProxmoxPool() : sim(0.05) {}

  ServiceDoc Service(long item, const std::map<std::string, std::string>& module = kPool) {
    ServiceDoc doc;
    doc.item = item;
    doc.module_xml = ModuleXml(sim, module);
    doc.params["domain"] = "web" + std::to_string(item) + ".example.com";
    doc.params["password"] = "Buyer-" + std::to_string(item) + "-secret";
    return doc;
  }
  Result Open(const ServiceDoc& doc) {
    return panel.Run({"--command", "open", "--item", std::to_string(doc.item), "--module", "7"}, doc.Text());
  }
  Result Tick() { return panel.Run({"--command", "pool_tick"}, ""); }
  nlohmann::json Config(const nlohmann::json& guest) {
    return sim.Api("GET", "/nodes/" + guest.at("node").get<std::string>() + "/qemu/" +
                              std::to_string(guest.at("vmid").get<int>()) + "/config");
  }
  // The guests whose description is exactly `marker`.
  std::vector<nlohmann::json> Marked(const std::string& marker) {
    std::vector<nlohmann::json> marked;
    for (const auto& guest : sim.Guests()) {
      if (guest.value("template", 0) == 1) continue;
      if (Config(guest).value("description", "") == marker) marked.push_back(guest);
    }
    return marked;
  }
  // The pooled VM, made by a first sale and a tick.
  nlohmann::json PooledVm() {
    Result first = Open(Service(1001));
    EXPECT_TRUE(first.ok()) << first.out << panel.Log();
    Result tick = Tick();
    EXPECT_TRUE(tick.ok()) << tick.out << panel.Log();
    EXPECT_EQ(tick.Value("created"), "1");
    tick = Tick();  // the next tick sees it ready: a buyer may have it from now on
    EXPECT_EQ(tick.Value("created"), "0") << tick.out;
    auto pooled = Marked(kPoolMarker);
    EXPECT_EQ(pooled.size(), 1u);
    return pooled.empty() ? nlohmann::json::object() : pooled.front();
  }

  // The pooled VM, and the open of `doc` killed once it sent `write` (a path pattern) in the
  // hand-over of that VM.
  nlohmann::json KillHandOverAt(const std::string& write, const ServiceDoc& doc) {
    auto pooled = PooledVm();
    EXPECT_FALSE(pooled.empty());
    EXPECT_TRUE(KillOnceSent(panel, sim, {"--command", "open", "--item", std::to_string(doc.item), "--module", "7"},
                             doc.Text(), "POST", write))
        << write << " never sent";
    return pooled;
  }

  Simulator sim;
  Panel panel{"pmproxmox"};
};

TEST_F(ProxmoxPool, TheTickClonesWhatSellsAndASecondOrderIsReidentifiedInsteadOfCloned) {
  auto pooled = PooledVm();
  ASSERT_FALSE(pooled.empty());
  EXPECT_EQ(pooled.at("name"), "pool-1");
  EXPECT_EQ(pooled.at("status"), "running");
  auto before = Config(pooled);
  EXPECT_EQ(before.at("cores"), 1);
  EXPECT_EQ(before.at("memory"), "1024");

  sim.ResetRequests();
  Result open = Open(Service(1002));
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  EXPECT_EQ(sim.Sent("POST", "/clone$"), 0) << "a clone was made though the pool had a VM";
  EXPECT_EQ(open.Value("vmid"), std::to_string(pooled.at("vmid").get<int>()));
  auto config = Config(pooled);
  EXPECT_EQ(config.at("description"), "billmgr-pmproxmox module=7 item=1002");
  EXPECT_EQ(config.at("name"), "web1002.example.com");
  EXPECT_EQ(config.at("ciuser"), "root");
  EXPECT_NE(config.at("net0").get<std::string>(), before.at("net0").get<std::string>()) << "the MAC stayed the pool's";
  EXPECT_EQ(sim.Sent("POST", "/status/reboot$"), 1) << "cloud-init is applied by a restart";
  std::map<std::string, std::string> saved;
  for (const auto& call : open.Calls("service.saveparam")) saved[call.args.at("name")] = call.args.count("value") ? call.args.at("value") : "";
  EXPECT_NE(before.at("net0").get<std::string>().find(saved.at("mac")), 0u);
  EXPECT_NE(config.at("net0").get<std::string>().find(saved.at("mac")), std::string::npos);
  EXPECT_EQ(panel.Log().find("Buyer-1002-secret"), std::string::npos);

  // Two sales, tier 1: the pool makes up the VM it gave away and leaves the buyers' VMs alone.
  Result tick = Tick();
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  EXPECT_EQ(tick.Value("created"), "1");
  EXPECT_EQ(tick.Value("removed"), "0");
  EXPECT_EQ(Marked("billmgr-pmproxmox module=7 item=1001").size(), 1u);
  EXPECT_EQ(Marked("billmgr-pmproxmox module=7 item=1002").size(), 1u);
}

TEST_F(ProxmoxPool, ATariffThatPlacesItsVmsItselfIsClonedForAndAPoolSwitchedOffEmpties) {
  auto pooled = PooledVm();
  ASSERT_FALSE(pooled.empty());
  ServiceDoc own = Service(1002);
  own.pricelist["node"] = "pve1";
  Result open = Open(own);
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  EXPECT_NE(open.Value("vmid"), std::to_string(pooled.at("vmid").get<int>()));
  EXPECT_EQ(Marked(kPoolMarker).size(), 1u);

  // Clearing the owner switches the pool off: the next tick deletes its VM, and only it.
  Result off = Open(Service(1003, {}));
  ASSERT_TRUE(off.ok()) << off.out << panel.Log();
  Result tick = Tick();
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  EXPECT_EQ(tick.Value("removed"), "1");
  EXPECT_TRUE(Marked(kPoolMarker).empty());
  for (long item : {1001, 1002, 1003}) {
    EXPECT_EQ(Marked("billmgr-pmproxmox module=7 item=" + std::to_string(item)).size(), 1u) << item;
  }
}

// A kill at each write of the hand-over: the rerun finishes it on the same VM.
class KilledProxmoxHandOver : public ProxmoxPool, public ::testing::WithParamInterface<const char*> {};

TEST_P(KilledProxmoxHandOver, TheRerunFinishesItOnTheSameVm) {
  ServiceDoc doc = Service(1002);
  auto pooled = KillHandOverAt(GetParam(), doc);
  ASSERT_FALSE(HasFailure()) << panel.Log();

  Result ticked = Tick();  // cron in between must not take the half-given VM back
  ASSERT_TRUE(ticked.ok()) << ticked.out << panel.Log();
  Result rerun = Open(doc);
  ASSERT_TRUE(rerun.ok()) << rerun.out << panel.Log();
  EXPECT_EQ(rerun.Value("vmid"), std::to_string(pooled.at("vmid").get<int>()));
  EXPECT_EQ(Config(pooled).at("description"), "billmgr-pmproxmox module=7 item=1002");
  EXPECT_EQ(Marked("billmgr-pmproxmox module=7 item=1002").size(), 1u);
  EXPECT_TRUE(panel.StateColumn("SELECT slot FROM pool_slot WHERE taken_by <> 0").empty()) << panel.Log();
}

INSTANTIATE_TEST_SUITE_P(EachWrite, KilledProxmoxHandOver,
                         ::testing::Values("/qemu/[0-9]+/config$", "/status/reboot$"));

// The panel closes a service whose open was killed in the hand-over: the VM, marked as the
// service's by then, is destroyed by the close and the pool keeps no claim on it.
TEST_F(ProxmoxPool, ACloseAfterAKilledHandOverDestroysTheVmAndLeavesNoClaim) {
  ServiceDoc doc = Service(1002);
  auto pooled = KillHandOverAt("/status/reboot$", doc);
  ASSERT_FALSE(HasFailure()) << panel.Log();

  Result close = panel.Run({"--command", "close", "--item", "1002", "--module", "7"}, doc.Text());
  ASSERT_TRUE(close.ok()) << close.out << panel.Log();
  for (const auto& guest : sim.Guests()) EXPECT_NE(guest.at("vmid"), pooled.at("vmid")) << "not destroyed";
  EXPECT_TRUE(panel.StateColumn("SELECT slot FROM pool_slot WHERE taken_by <> 0").empty()) << panel.Log();
  Result tick = Tick();
  ASSERT_TRUE(tick.ok()) << tick.out << panel.Log();
  // The slot is gone (a new pooled VM may reuse the freed VMID).
  EXPECT_TRUE(panel.StateColumn("SELECT slot FROM pool_slot WHERE state = 'deleting'").empty()) << panel.Log();
}

}  // namespace
}  // namespace pm::contract
