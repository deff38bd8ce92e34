// What a pool tick does (contract §12, seed 001 "Pool of servers"). Pure: the settings, the sales
// and the pooled servers come in with the current time; the servers to make and to delete come
// out. No clock is read and nothing is asked of a hypervisor here.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "pool/configuration.h"

namespace pm::pool {

struct Settings {
  int max_months = 3;                   // a pooled server older than this is deleted; 0 = no limit
  int stat_days = 30;                   // sales of the last N days count
  std::array<int, 5> tiers{1, 2, 3, 4, 5};  // kept ready when 0 < sold ≤ 3, ≤ 6, ≤ 10, ≤ 15, > 15
  int creations_per_tick = 3;           // so that one tick never floods the hypervisor
};

struct Sale {
  Configuration configuration;
  std::int64_t at = 0;  // Unix time
};

enum class PooledState {
  Creating,  // asked for; its creation task has not ended
  Ready,     // may be handed to a buyer
  Broken,    // its creation failed: only good for deletion
};

struct PooledServer {
  long long id = 0;  // opaque to the planner (the hypervisor's VM id)
  Configuration configuration;
  std::int64_t created = 0;  // Unix time the pool asked for it
  PooledState state = PooledState::Creating;
};

enum class Why { Expired, NoLongerSold, Surplus, Broken };

struct Removal {
  long long id = 0;
  Why why = Why::Surplus;
};

struct Plan {
  std::vector<Configuration> create;  // one entry per server to make; a configuration may repeat
  std::vector<Removal> remove;
};

// Servers the pool keeps of a configuration sold `sold` times in the period.
int Target(int sold, const std::array<int, 5>& tiers);

// The calendar month arithmetic of "older than N months", in UTC: 31 January + 1 month is the
// last day of February.
std::int64_t AddMonths(std::int64_t unix_time, int months);

Plan PlanPool(const Settings& settings, const std::vector<Sale>& sales, const std::vector<PooledServer>& pooled,
              std::int64_t now);

const char* Explain(Why why);

}  // namespace pm::pool
