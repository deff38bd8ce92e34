#include "vps/pool/settings.h"

#include "core/numbers.h"

namespace pm::vps::pool {
namespace {

int Number(const core::ModuleConfig& module, const std::string& name, int fallback, int min, int max) {
  std::string text = module.params.Get(name);
  if (text.empty()) return fallback;
  return static_cast<int>(core::RequireWhole(name, text, min, max));
}

}  // namespace

std::optional<PoolSettings> PoolSettingsOf(const core::ModuleConfig& module) {
  PoolSettings settings;
  settings.owner = module.params.Get("pool_owner");
  if (settings.owner.empty()) return std::nullopt;
  auto& plan = settings.plan;
  plan.max_months = Number(module, "pool_max_months", plan.max_months, 0, 120);
  plan.stat_days = Number(module, "pool_stat_days", plan.stat_days, 1, 365);
  for (size_t tier = 0; tier < plan.tiers.size(); ++tier) {
    std::string name = "pool_tier" + std::to_string(tier + 1);
    plan.tiers[tier] = Number(module, name, plan.tiers[tier], 0, 100);
  }
  return settings;
}

}  // namespace pm::vps::pool
