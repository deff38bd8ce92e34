// The pool tick and the pool's store over an in-memory hypervisor: no HTTP. Every fault a real
// one shows (a lost create answer, a server an admin deleted, an unreachable platform, a kill
// between the slot and the create) converges on later ticks without a server made twice or a
// claimed one touched.
#include "vps/pool/tick.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <stdexcept>

#include "core/run_lock.h"
#include "vps/pool/store.h"

using namespace pm;
using namespace pm::vps::pool;

namespace {

constexpr std::int64_t kStart = 1769860800;  // 2026-01-31 12:00:00 UTC
const Configuration kSmall{"debian-12", 1, 1024, 10240, ""};

struct LostAnswer : std::runtime_error {
  LostAnswer() : std::runtime_error("the connection closed before an answer") {}
};
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FakeHypervisor : public PoolDriver {
 public:
  std::vector<PooledVm> Pooled() override {
    if (down) throw LostAnswer();
    std::vector<PooledVm> pooled;
    for (const auto& [id, vm] : vms) {
      if (!handed_over.count(id)) pooled.push_back(vm);
    }
    return pooled;
  }
  long long Create(const Configuration& configuration, const std::string& name) override {
    if (refuse) throw Refused("OS '" + configuration.os + "' is not available");
    long long id = next_id++;
    vms[id] = {id, name, PooledVm::State::Creating};
    ++creates;
    if (lose_answer) throw LostAnswer();
    return id;
  }
  bool CreationFailed(long long id) override { return failed.count(id) > 0; }
  void Delete(long long id) override {
    if (handed_over.count(id)) throw std::logic_error("deleted a client's server");
    vms.erase(id);
  }
  void FinishCreations() {
    for (auto& [id, vm] : vms) {
      if (vm.state == PooledVm::State::Creating) vm.state = PooledVm::State::Ready;
    }
  }

  std::map<long long, PooledVm> vms;
  std::set<long long> failed;       // made, but their creation task failed
  std::set<long long> handed_over;  // carry a service's marker now
  long long next_id = 100;
  int creates = 0;
  bool down = false;
  bool refuse = false;
  bool lose_answer = false;
};

class OneModule : public core::ServiceDirectory {
 public:
  explicit OneModule(core::ModuleConfig module) : module_(std::move(module)) {}
  std::optional<core::Input> Find(long) override { return std::nullopt; }
  std::optional<core::ModuleConfig> Module(long) override { return module_; }
  std::vector<core::ModuleConfig> Modules() override { return {module_}; }
  core::ModuleConfig module_;
};

core::ModuleConfig PoolModule(const std::string& owner) {
  return {3, core::Settings({{"pool_owner", owner}, {"pool_stat_days", "30"}, {"pool_tier1", "1"},
                             {"pool_tier2", "2"}, {"pool_tier3", "3"}})};
}

class PoolTickTest : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(root / "var"); }
  void TearDown() override { std::filesystem::remove_all(root); }

  PoolTickOutcome Tick() {
    PoolTickSetup setup{directory, files, log,
                        [this](const core::ModuleConfig&, const PoolSettings&) {
                          return std::unique_ptr<PoolDriver>(new Proxy(hypervisor));
                        },
                        [](const std::exception& failure) -> std::optional<core::Error> {
                          if (dynamic_cast<const LostAnswer*>(&failure))
                            return core::Error(core::ErrorType::Connection, "", failure.what());
                          if (dynamic_cast<const Refused*>(&failure))
                            return core::Error(core::ErrorType::Value, "ostempl", failure.what());
                          return std::nullopt;
                        },
                        [this] { return now; }};
    return RunPoolTick(setup);
  }
  PoolStore Store() { return PoolStore(files.Of(directory.module_)); }
  void Sell(long item, int count = 1) {
    for (int i = 0; i < count; ++i) Store().RecordSale(3, item + i, kSmall, now - 3600);
  }
  size_t Slots(SlotState state) {
    size_t n = 0;
    for (const auto& slot : Store().Slots(3)) n += slot.state == state ? 1 : 0;
    return n;
  }

  // The tick owns its driver; the hypervisor outlives it.
  struct Proxy : PoolDriver {
    explicit Proxy(FakeHypervisor& h) : h(h) {}
    std::vector<PooledVm> Pooled() override { return h.Pooled(); }
    long long Create(const Configuration& c, const std::string& n) override { return h.Create(c, n); }
    bool CreationFailed(long long id) override { return h.CreationFailed(id); }
    void Delete(long long id) override { h.Delete(id); }
    FakeHypervisor& h;
  };

  std::filesystem::path root =
      std::filesystem::temp_directory_path() / ("pm-pool-tick-" + std::to_string(::getpid()));
  OneModule directory{PoolModule("pool@example.net")};
  core::StateFiles files{root.string(), "pmtest"};
  core::Log log{"pmtest", root.string()};
  FakeHypervisor hypervisor;
  std::int64_t now = kStart;
};

TEST_F(PoolTickTest, FillsThePoolFromSalesAndFollowsTheCreations) {
  Sell(1001, 4);  // tier 2: two servers
  auto outcome = Tick();
  EXPECT_EQ(outcome.modules, 1);
  EXPECT_EQ(outcome.created, 2);
  EXPECT_EQ(outcome.ready, 0);
  EXPECT_EQ(Slots(SlotState::Creating), 2u);

  hypervisor.FinishCreations();
  outcome = Tick();
  EXPECT_EQ(outcome.created, 0);
  EXPECT_EQ(outcome.ready, 2);
  EXPECT_EQ(Slots(SlotState::Ready), 2u);
  EXPECT_EQ(hypervisor.creates, 2);
}

TEST_F(PoolTickTest, NoPoolOwnerMeansNoPoolAndNoError) {
  directory.module_ = PoolModule("");
  Sell(1001, 4);
  auto outcome = Tick();
  EXPECT_EQ(outcome.modules, 0);
  EXPECT_EQ(outcome.modules_failed, 0);
  EXPECT_EQ(hypervisor.creates, 0);
}

TEST_F(PoolTickTest, ALostCreateAnswerIsFoundByNameNextTickNeverSentAgain) {
  Sell(1001);  // tier 1: one server
  hypervisor.lose_answer = true;
  Tick();
  EXPECT_EQ(Slots(SlotState::Planned), 1u);
  hypervisor.lose_answer = false;
  Tick();
  EXPECT_EQ(hypervisor.creates, 1);
  EXPECT_EQ(hypervisor.vms.size(), 1u);
  ASSERT_EQ(Slots(SlotState::Creating), 1u);
  EXPECT_EQ(Store().Slots(3).front().vmid, 100);
}

TEST_F(PoolTickTest, ASlotWhoseCreateNeverLeftIsDroppedAndMadeAnew) {
  Sell(1001);
  Store().Plan(3, kSmall, now);  // a tick killed between its slot and its create
  Tick();
  EXPECT_EQ(hypervisor.creates, 1);
  EXPECT_EQ(Store().Slots(3).size(), 1u);
  EXPECT_EQ(Slots(SlotState::Creating), 1u);
}

TEST_F(PoolTickTest, AServerAnAdminDeletedIsReplacedAndAStrayOneDeleted) {
  Sell(1001);
  Tick();
  hypervisor.FinishCreations();
  hypervisor.vms.clear();                                          // an admin deleted it
  hypervisor.vms[555] = {555, "pool-77", PooledVm::State::Ready};  // carries our marker, unknown to the state
  auto outcome = Tick();
  EXPECT_EQ(outcome.removed, 1);
  EXPECT_FALSE(hypervisor.vms.count(555));
  EXPECT_EQ(outcome.created, 1);
  EXPECT_EQ(hypervisor.vms.size(), 1u);
}

TEST_F(PoolTickTest, AFailedCreationIsDeletedAndMadeAgain) {
  Sell(1001);
  Tick();
  hypervisor.FinishCreations();
  hypervisor.failed.insert(100);
  auto outcome = Tick();
  EXPECT_EQ(outcome.removed, 1);
  EXPECT_EQ(outcome.created, 1);
  EXPECT_FALSE(hypervisor.vms.count(100));
  EXPECT_TRUE(Store().Claim(3, 2001, kSmall) == std::nullopt);  // nothing broken is handed out
}

TEST_F(PoolTickTest, AServerABuyerHoldsIsNeverTouched) {
  Sell(1001);
  Tick();
  hypervisor.FinishCreations();
  Tick();
  auto claimed = Store().Claim(3, 2001, kSmall);
  ASSERT_TRUE(claimed);
  hypervisor.handed_over.insert(claimed->vmid);  // the open replaced the pool marker
  now += 40 * 24 * 3600;                       // the sale left the period: the pool empties
  Tick();
  EXPECT_TRUE(hypervisor.vms.count(claimed->vmid));
  EXPECT_EQ(Store().Claim(3, 2001, kSmall)->id, claimed->id);  // the rerun finds its own claim
}

TEST_F(PoolTickTest, TwoBuyersNeverGetTheSameServer) {
  Sell(1001);
  Tick();
  hypervisor.FinishCreations();
  Tick();
  auto first = Store().Claim(3, 2001, kSmall);
  auto second = Store().Claim(3, 2002, kSmall);
  ASSERT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_FALSE(Store().StartDeleting(first->id));  // nor is a claimed server deleted
}

TEST_F(PoolTickTest, ATickSavingWhatItReadNeverUndoesAClaimMadeMeanwhile) {
  Sell(1001);
  Tick();
  hypervisor.FinishCreations();
  Tick();
  Slot read = Store().Slots(3).front();  // what a tick read before an open claimed it
  ASSERT_TRUE(Store().Claim(3, 2001, kSmall));
  Store().Save(read);
  EXPECT_FALSE(Store().Claim(3, 2002, kSmall));
  EXPECT_EQ(Store().Claim(3, 2001, kSmall)->id, read.id);
}

TEST_F(PoolTickTest, APoolSwitchedOffIsEmptied) {
  Sell(1001);
  Tick();
  hypervisor.FinishCreations();
  Tick();
  directory.module_ = PoolModule("");
  auto outcome = Tick();
  EXPECT_EQ(outcome.removed, 1);
  Tick();
  EXPECT_TRUE(hypervisor.vms.empty());
  EXPECT_TRUE(Store().Slots(3).empty());
}

TEST_F(PoolTickTest, AnUnreachablePlatformOrARefusalChangesNothingAndTheNextTickConverges) {
  Sell(1001);
  hypervisor.down = true;
  auto outcome = Tick();
  EXPECT_EQ(outcome.modules_failed, 1);
  EXPECT_TRUE(Store().Slots(3).empty());

  hypervisor.down = false;
  hypervisor.refuse = true;
  outcome = Tick();
  EXPECT_EQ(outcome.modules_failed, 0);
  EXPECT_TRUE(Store().Slots(3).empty());  // a refused create leaves no slot behind

  hypervisor.refuse = false;
  outcome = Tick();
  EXPECT_EQ(outcome.created, 1);
}

TEST_F(PoolTickTest, ASecondTickWhileOneRunsExitsAndChangesNothing) {
  Sell(1001);
  auto held = core::RunLock::TryAcquire(files.IndexPath() + ".pool_tick.lock");
  ASSERT_TRUE(held);
  auto outcome = Tick();
  EXPECT_TRUE(outcome.skipped);
  EXPECT_EQ(hypervisor.creates, 0);
}

TEST_F(PoolTickTest, ARerunOpenCountsItsSaleOnce) {
  Store().RecordSale(3, 1001, kSmall, now);
  Store().RecordSale(3, 1001, kSmall, now + 60);
  EXPECT_EQ(Store().Sales(3).size(), 1u);
}

}  // namespace
