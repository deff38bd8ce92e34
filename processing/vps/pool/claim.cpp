#include "vps/pool/claim.h"

#include <ctime>

#include "core/error.h"
#include "vps/package.h"
#include "vps/pool/settings.h"

namespace pm::vps::pool {
namespace {

bool PoolOn(core::Context& ctx) {
  try {
    return PoolSettingsOf(ctx.module()).has_value();
  } catch (const core::Error& error) {  // a bad pool setting must not stop a sale
    ctx.log.Warning("the pool is not used: " + std::string(error.what()));
    return false;
  }
}

// An item holds one claim at most: Claim gives back the one it holds before taking another.
std::optional<Slot> HeldClaim(core::Context& ctx) {
  for (const auto& slot : PoolStore(ctx.state()).Slots(ctx.module().id)) {
    if (slot.taken_by == ctx.item().id) return slot;
  }
  return std::nullopt;
}

}  // namespace

Configuration OrderedConfiguration(const core::Context& ctx, const std::string& preset) {
  auto package = PackageOf(ctx.item());
  return {ctx.item().params.Get("ostempl"), package.cores, static_cast<long long>(package.memory_mib),
          static_cast<long long>(package.disk_gib) * 1024, preset};
}

bool HoldsClaim(core::Context& ctx) { return HeldClaim(ctx).has_value(); }

std::optional<Slot> ClaimForOpen(core::Context& ctx, const Configuration& configuration, bool servable) {
  if (!HoldsClaim(ctx) && !(servable && PoolOn(ctx))) return std::nullopt;
  auto slot = PoolStore(ctx.state()).Claim(ctx.module().id, ctx.item().id, configuration);
  if (slot) {
    ctx.log.Info("item " + std::to_string(ctx.item().id) + " takes server " + std::to_string(slot->vmid) +
                 " from the pool");
  }
  return slot;
}

void HandedOver(core::Context& ctx, const Slot& slot) { PoolStore(ctx.state()).Forget(slot.id); }

void ClaimLost(core::Context& ctx, const Slot& slot, const std::string& why) {
  ctx.log.Warning("pooled server " + std::to_string(slot.vmid) + " " + why + "; a new one is made");
  PoolStore(ctx.state()).Forget(slot.id);
}

void AbandonClaim(core::Context& ctx) {
  auto slot = HeldClaim(ctx);
  if (!slot) return;
  PoolStore(ctx.state()).Abandon(slot->id);
  ctx.log.Info("item " + std::to_string(ctx.item().id) + " is closed before its hand-over finished; pooled server " +
               std::to_string(slot->vmid) + " is left to the pool tick to delete");
}

void CountSale(core::Context& ctx, const Configuration& configuration) {
  PoolStore(ctx.state()).RecordSale(ctx.module().id, ctx.item().id, configuration, std::time(nullptr));
}

}  // namespace pm::vps::pool
