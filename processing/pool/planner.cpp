#include "pool/planner.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace pm::pool {
namespace {

constexpr std::int64_t kDay = 24 * 60 * 60;

std::map<Configuration, int> SoldInPeriod(const Settings& settings, const std::vector<Sale>& sales,
                                          std::int64_t now) {
  std::map<Configuration, int> sold;
  const std::int64_t since = now - static_cast<std::int64_t>(settings.stat_days) * kDay;
  for (const auto& sale : sales) {
    if (sale.at > since && sale.at <= now) ++sold[sale.configuration];
  }
  return sold;
}

int SoldOf(const std::map<Configuration, int>& sold, const Configuration& configuration) {
  auto found = sold.find(configuration);
  return found == sold.end() ? 0 : found->second;
}

// Surplus goes oldest first, and only among ready servers: one still being made cannot be deleted
// yet, and the next tick sees whether it is still one too many.
void RemoveSurplus(std::vector<const PooledServer*> servers, int target, Plan& plan) {
  int excess = static_cast<int>(servers.size()) - target;
  std::sort(servers.begin(), servers.end(),
            [](const PooledServer* a, const PooledServer* b) { return a->created < b->created; });
  for (const PooledServer* server : servers) {
    if (excess <= 0) break;
    if (server->state != PooledState::Ready) continue;
    plan.remove.push_back({server->id, Why::Surplus});
    --excess;
  }
}

struct Need {
  Configuration configuration;
  int sold = 0;
  int missing = 0;
};

// The best-selling configurations first, one server each in turn, so that a tick's few
// creations are spread over what sells instead of all going to one configuration.
void Create(std::vector<Need> needs, int limit, Plan& plan) {
  std::stable_sort(needs.begin(), needs.end(), [](const Need& a, const Need& b) { return a.sold > b.sold; });
  bool more = true;
  while (more && static_cast<int>(plan.create.size()) < limit) {
    more = false;
    for (auto& need : needs) {
      if (need.missing <= 0 || static_cast<int>(plan.create.size()) >= limit) continue;
      plan.create.push_back(need.configuration);
      more = --need.missing > 0 || more;
    }
  }
}

}  // namespace

int Target(int sold, const std::array<int, 5>& tiers) {
  if (sold <= 0) return 0;
  static constexpr std::array<int, 4> kUpTo{3, 6, 10, 15};
  for (size_t tier = 0; tier < kUpTo.size(); ++tier) {
    if (sold <= kUpTo[tier]) return tiers[tier];
  }
  return tiers[4];
}

std::int64_t AddMonths(std::int64_t unix_time, int months) {
  using namespace std::chrono;
  const sys_seconds at{seconds{unix_time}};
  const sys_days midnight = floor<days>(at);
  const year_month_day date{midnight};
  year_month_day moved = date.year() / date.month() / 1d + std::chrono::months{months};
  const day last_day = (moved.year() / moved.month() / last).day();
  moved = moved.year() / moved.month() / std::min(date.day(), last_day);
  return (sys_days{moved} + (at - midnight)).time_since_epoch().count();
}

Plan PlanPool(const Settings& settings, const std::vector<Sale>& sales, const std::vector<PooledServer>& pooled,
              std::int64_t now) {
  const auto sold = SoldInPeriod(settings, sales, now);
  Plan plan;
  std::map<Configuration, std::vector<const PooledServer*>> kept;
  for (const auto& server : pooled) {
    if (server.state == PooledState::Broken) {
      plan.remove.push_back({server.id, Why::Broken});
    } else if (server.state == PooledState::Creating) {
      kept[server.configuration].push_back(&server);
    } else if (settings.max_months > 0 && AddMonths(server.created, settings.max_months) <= now) {
      plan.remove.push_back({server.id, Why::Expired});
    } else if (Target(SoldOf(sold, server.configuration), settings.tiers) == 0) {
      plan.remove.push_back({server.id, Why::NoLongerSold});
    } else {
      kept[server.configuration].push_back(&server);
    }
  }
  std::vector<Need> needs;
  for (const auto& [configuration, count] : sold) {
    const int target = Target(count, settings.tiers);
    const auto& servers = kept[configuration];
    const size_t removed = plan.remove.size();
    RemoveSurplus(servers, target, plan);
    const int have = static_cast<int>(servers.size() - (plan.remove.size() - removed));
    if (have < target) needs.push_back({configuration, count, target - have});
  }
  Create(std::move(needs), settings.creations_per_tick, plan);
  return plan;
}

const char* Explain(Why why) {
  switch (why) {
    case Why::Expired: return "older than the pool's maximum age";
    case Why::NoLongerSold: return "its configuration no longer sells";
    case Why::Surplus: return "more than its configuration's tier keeps";
    case Why::Broken: return "its creation failed";
  }
  return "";
}

}  // namespace pm::pool
