#include "pool/planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace pm::pool {
namespace {

constexpr std::int64_t kHour = 60 * 60;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t k2026Jan31Noon = 1769860800;  // 2026-01-31 12:00:00 UTC

const Configuration kSmall{"debian-12", 1, 1024, 10240, ""};
const Configuration kLarge{"ubuntu-24.04", 4, 8192, 81920, ""};
const Configuration kPreset{"debian-12", 2, 2048, 20480, "7"};

std::vector<Sale> SalesOf(const Configuration& configuration, int count, std::int64_t at) {
  return std::vector<Sale>(static_cast<size_t>(count), Sale{configuration, at});
}

PooledServer Ready(long long id, const Configuration& configuration, std::int64_t created) {
  return {id, configuration, created, PooledState::Ready};
}

std::vector<long long> Removed(const Plan& plan, Why why) {
  std::vector<long long> ids;
  for (const auto& removal : plan.remove) {
    if (removal.why == why) ids.push_back(removal.id);
  }
  return ids;
}

long Count(const std::vector<Configuration>& list, const Configuration& configuration) {
  return std::count(list.begin(), list.end(), configuration);
}

TEST(PoolTarget, FollowsTheFiveTiersOfSales) {
  const std::array<int, 5> tiers{1, 2, 3, 4, 5};
  const std::map<int, int> expected{{0, 0},  {1, 1},  {3, 1},  {4, 2},  {6, 2},  {7, 3},
                                    {10, 3}, {11, 4}, {15, 4}, {16, 5}, {900, 5}, {-1, 0}};
  for (const auto& [sold, target] : expected) EXPECT_EQ(Target(sold, tiers), target) << sold << " sold";
}

TEST(PoolAge, CountsCalendarMonthsFromCreation) {
  EXPECT_EQ(AddMonths(k2026Jan31Noon, 1), k2026Jan31Noon + 28 * kDay);  // 28 February 2026, noon
  EXPECT_EQ(AddMonths(k2026Jan31Noon, 3), k2026Jan31Noon + (28 + 31 + 30) * kDay);  // 30 April
  EXPECT_EQ(AddMonths(k2026Jan31Noon, 25), 1835438400);  // 29 February 2028, noon: a leap year
  EXPECT_EQ(AddMonths(k2026Jan31Noon, 0), k2026Jan31Noon);
}

TEST(PoolPlan, NothingSoldMeansNothingMadeAndThePooledServersGo) {
  const std::int64_t now = k2026Jan31Noon;
  auto plan = PlanPool(Settings{}, {}, {Ready(5, kSmall, now - kDay)}, now);
  EXPECT_TRUE(plan.create.empty());
  EXPECT_EQ(Removed(plan, Why::NoLongerSold), std::vector<long long>{5});
}

TEST(PoolPlan, OnlySalesOfThePeriodCount) {
  Settings settings;
  settings.stat_days = 30;
  const std::int64_t now = k2026Jan31Noon;
  auto sales = SalesOf(kSmall, 2, now - 30 * kDay);  // exactly N days ago: outside
  auto plan = PlanPool(settings, sales, {}, now);
  EXPECT_TRUE(plan.create.empty());

  sales.push_back({kSmall, now - 30 * kDay + 1});
  plan = PlanPool(settings, sales, {}, now);
  EXPECT_EQ(plan.create, std::vector<Configuration>{kSmall});
}

TEST(PoolPlan, ATickMakesAFewServersSpreadOverWhatSellsBest) {
  Settings settings;
  settings.tiers = {1, 2, 3, 4, 5};
  settings.creations_per_tick = 3;
  const std::int64_t now = k2026Jan31Noon;
  auto sales = SalesOf(kLarge, 20, now - kDay);  // tier 5: five servers
  auto more = SalesOf(kSmall, 5, now - kDay);     // tier 2: two
  sales.insert(sales.end(), more.begin(), more.end());
  sales.push_back({kPreset, now - kDay});         // tier 1: one

  auto plan = PlanPool(settings, sales, {}, now);
  ASSERT_EQ(plan.create.size(), 3u);
  EXPECT_EQ(Count(plan.create, kLarge), 1);
  EXPECT_EQ(Count(plan.create, kSmall), 1);
  EXPECT_EQ(Count(plan.create, kPreset), 1);

  settings.creations_per_tick = 6;
  plan = PlanPool(settings, sales, {}, now);
  EXPECT_EQ(Count(plan.create, kLarge), 3);  // the best seller takes the turns left over
  EXPECT_EQ(Count(plan.create, kSmall), 2);
  EXPECT_EQ(Count(plan.create, kPreset), 1);
  EXPECT_EQ(plan.create.front(), kLarge);
}

TEST(PoolPlan, ServersBeingMadeCountAndAreNeverRemoved) {
  const std::int64_t now = k2026Jan31Noon;
  auto sales = SalesOf(kSmall, 1, now - kDay);  // tier 1: one server
  PooledServer making{7, kSmall, now - kHour, PooledState::Creating};
  PooledServer unsold{8, kLarge, now - kHour, PooledState::Creating};
  auto plan = PlanPool(Settings{}, sales, {making, unsold}, now);
  EXPECT_TRUE(plan.create.empty());
  EXPECT_TRUE(plan.remove.empty());
}

TEST(PoolPlan, ATierThatShrinksRemovesTheOldestReadyServers) {
  const std::int64_t now = k2026Jan31Noon;
  auto sales = SalesOf(kSmall, 4, now - kDay);  // tier 2: two servers
  std::vector<PooledServer> pooled{Ready(1, kSmall, now - 3 * kDay), Ready(2, kSmall, now - 5 * kDay),
                                   Ready(3, kSmall, now - kDay), Ready(4, kSmall, now - 4 * kDay)};
  auto plan = PlanPool(Settings{}, sales, pooled, now);
  auto surplus = Removed(plan, Why::Surplus);
  std::sort(surplus.begin(), surplus.end());
  EXPECT_EQ(surplus, (std::vector<long long>{2, 4}));
  EXPECT_TRUE(plan.create.empty());
}

TEST(PoolPlan, ExpiredAndBrokenServersGoAndAreReplacedWhileTheConfigurationSells) {
  Settings settings;
  settings.max_months = 3;
  const std::int64_t now = k2026Jan31Noon;
  auto sales = SalesOf(kSmall, 4, now - kDay);  // tier 2
  std::vector<PooledServer> pooled{Ready(1, kSmall, now - 92 * kDay), Ready(2, kSmall, now - 10 * kDay),
                                   {3, kSmall, now - kHour, PooledState::Broken}};
  auto plan = PlanPool(settings, sales, pooled, now);
  EXPECT_EQ(Removed(plan, Why::Expired), std::vector<long long>{1});
  EXPECT_EQ(Removed(plan, Why::Broken), std::vector<long long>{3});
  EXPECT_EQ(plan.create, std::vector<Configuration>{kSmall});

  settings.max_months = 0;  // no age limit
  plan = PlanPool(settings, sales, pooled, now);
  EXPECT_TRUE(Removed(plan, Why::Expired).empty());
}

// Weeks of a shop, one tick an hour: sales come and go, buyers take ready servers, servers made
// in one tick are ready at the next. The pool follows the tiers, never holds more than its
// target once settled, never keeps a server past its age, and empties when sales stop.
class PoolWorld {
 public:
  explicit PoolWorld(Settings settings) : settings_(settings) {}

  void Tick(std::int64_t now) {
    for (auto& server : pooled_) {
      if (server.state == PooledState::Creating) server.state = PooledState::Ready;
    }
    auto plan = PlanPool(settings_, sales_, pooled_, now);
    for (const auto& removal : plan.remove) {
      std::erase_if(pooled_, [&](const PooledServer& s) { return s.id == removal.id; });
    }
    for (const auto& configuration : plan.create) {
      pooled_.push_back({next_id_++, configuration, now, PooledState::Creating});
    }
    made_ += static_cast<int>(plan.create.size());
  }

  // A sale the pool did not serve (say, a configuration's first one) and that takes nothing.
  void Sell(const Configuration& configuration, std::int64_t now) { sales_.push_back({configuration, now}); }

  // An order: served from the pool when a ready server fits, made fresh otherwise.
  bool Order(const Configuration& configuration, std::int64_t now) {
    sales_.push_back({configuration, now});
    auto ready = std::find_if(pooled_.begin(), pooled_.end(), [&](const PooledServer& s) {
      return s.configuration == configuration && s.state == PooledState::Ready;
    });
    if (ready == pooled_.end()) return false;
    pooled_.erase(ready);
    return true;
  }

  int Pooled(const Configuration& configuration) const {
    return static_cast<int>(std::count_if(pooled_.begin(), pooled_.end(),
                                          [&](const PooledServer& s) { return s.configuration == configuration; }));
  }
  std::int64_t Oldest(std::int64_t now) const {
    std::int64_t oldest = 0;
    for (const auto& server : pooled_) oldest = std::max(oldest, now - server.created);
    return oldest;
  }
  int made() const { return made_; }

 private:
  Settings settings_;
  std::vector<Sale> sales_;
  std::vector<PooledServer> pooled_;
  long long next_id_ = 100;
  int made_ = 0;
};

TEST(PoolWeeks, ThePoolFollowsSalesAndServesMostOrdersOnceSettled) {
  Settings settings;
  settings.stat_days = 14;
  settings.tiers = {1, 2, 3, 4, 6};
  PoolWorld world(settings);
  std::int64_t now = k2026Jan31Noon;
  int served = 0;
  int orders = 0;
  // Four weeks of two small orders a day (at 10:00 and 16:00): after the first days the
  // configuration sells more than 15 times in 14 days, so six servers are kept.
  for (int hour = 0; hour < 28 * 24; ++hour, now += kHour) {
    world.Tick(now);
    if (hour % 24 == 10 || hour % 24 == 16) {
      ++orders;
      served += world.Order(kSmall, now) ? 1 : 0;
    }
    EXPECT_LE(world.Pooled(kSmall), 6) << "hour " << hour;
    EXPECT_EQ(world.Pooled(kLarge), 0);
  }
  EXPECT_EQ(world.Pooled(kSmall), 6);
  EXPECT_EQ(orders, 56);
  EXPECT_EQ(served, 55);  // all but the very first order, which nothing had been sold before
  // Then sales stop: once the last sale leaves the 14-day period the pool is emptied.
  for (int hour = 0; hour < 15 * 24; ++hour, now += kHour) world.Tick(now);
  EXPECT_EQ(world.Pooled(kSmall), 0);
}

TEST(PoolWeeks, NoServerOutlivesTheMaximumAgeWhileTheConfigurationStillSells) {
  Settings settings;
  settings.max_months = 1;
  settings.stat_days = 60;
  PoolWorld world(settings);
  std::int64_t now = k2026Jan31Noon;
  for (int hour = 0; hour < 180 * 24; ++hour, now += kHour) {
    if (hour % (50 * 24) == 0) world.Sell(kLarge, now);  // keeps tier 1 alive: one server, never taken
    world.Tick(now);
    EXPECT_LE(world.Oldest(now), 31 * kDay) << "hour " << hour;
    EXPECT_LE(world.Pooled(kLarge), 1);
  }
  EXPECT_EQ(world.Pooled(kLarge), 1);
  EXPECT_GE(world.made(), 5);  // replaced every month or so: the pool renews instead of aging
}

}  // namespace
}  // namespace pm::pool
