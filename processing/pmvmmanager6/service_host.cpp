#include "pmvmmanager6/service_host.h"

#include "core/error.h"
#include "vmmanager6/tasks.h"
#include "vps/ownership.h"
#include "vps/service_record.h"

namespace pm::pmvmmanager6 {
std::string OwnershipMarker(const core::Context& ctx) {
  return vps::OwnershipMarker("pmvmmanager6", ctx.module().id, ctx.item().id);
}

std::optional<vmmanager6::Host> LocateHost(core::Context& ctx, vmmanager6::Api& api) {
  std::string marker = OwnershipMarker(ctx);
  if (auto id = vps::KnownVmId(ctx)) {
    auto host = vmmanager6::FindHost(api, *id);
    if (!host) return std::nullopt;
    if (!vps::CarriesMarker(host->comment, marker)) {
      // A pooled host the service's open claimed and never finished taking: not the service's.
      auto record = vps::VmRecords(ctx.state()).Find(ctx.item().id);
      if (record && record->phase == vps::VmPhase::Planned) return std::nullopt;
      throw core::Error(core::ErrorType::Access, "vmid",
                        "VMmanager host " + std::to_string(*id) + " is not this service's (its comment lacks '" +
                            marker + "'); the module does not touch it");
    }
    return host;
  }
  for (auto& host : vmmanager6::FindHosts(api, vmmanager6::Where::Eq("comment", marker))) {
    if (vps::CarriesMarker(host.comment, marker)) return host;
  }
  return std::nullopt;
}

vmmanager6::Host RequireHost(core::Context& ctx, vmmanager6::Api& api) {
  auto host = LocateHost(ctx, api);
  if (!host) {
    throw core::Error(core::ErrorType::NotFound, "vmid",
                      "the VMmanager host of service " + std::to_string(ctx.item().id) + " does not exist");
  }
  return *host;
}

vmmanager6::Host AfterUnfinished(core::Context& ctx, vmmanager6::Api& api, const vmmanager6::Host& host,
                                 std::initializer_list<const char*> tasks) {
  vmmanager6::AwaitUnfinished(api, host.id, tasks);
  return RequireHost(ctx, api);
}

vps::VmRecord RecordOf(core::Context& ctx, const vmmanager6::Host& host) { return vps::RecordOf(ctx, host.id); }

}  // namespace pm::pmvmmanager6
