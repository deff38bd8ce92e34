// pool_tick (cron, every 3 minutes, contract §12): for every processing module with a pool, bring
// the module's slots in line with what the hypervisor shows, then make and delete servers as the
// planner (pool/planner.h) says. Ticks never overlap and never touch a server a buyer's `open`
// holds or one that carries a service's marker.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "core/documents.h"
#include "core/error.h"
#include "core/log.h"
#include "core/service_directory.h"
#include "core/state_files.h"
#include "vps/pool/driver.h"
#include "vps/pool/settings.h"

namespace pm::vps::pool {

std::int64_t SystemTime();

struct PoolTickSetup {
  core::ServiceDirectory& directory;
  core::StateFiles& files;
  core::Log& log;
  // Connects to a processing module's hypervisor for its pool.
  std::function<std::unique_ptr<PoolDriver>(const core::ModuleConfig&, const PoolSettings&)> connect;
  // The hypervisor's exceptions as contract errors: a connection failure leaves a create to be
  // resolved by the next tick.
  std::function<std::optional<core::Error>(const std::exception&)> translate;
  std::function<std::int64_t()> now = SystemTime;
};

struct PoolTickOutcome {
  bool skipped = false;  // another tick was running
  int modules = 0;       // modules with a pool
  int modules_failed = 0;
  int created = 0;
  int removed = 0;
  int ready = 0;  // servers ready for a buyer when the tick ended
};

PoolTickOutcome RunPoolTick(PoolTickSetup& setup);

// pool_tick's answer: what it did, or that another tick was running.
core::Reply TickReply(const PoolTickOutcome& outcome);

}  // namespace pm::vps::pool
