#include "pmproxmox/service_spec.h"

#include "core/numbers.h"
#include "pmproxmox/ownership.h"
#include "vps/hostname.h"
#include "vps/settings.h"

namespace pm::pmproxmox {
namespace {

std::optional<int> VlanTag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return static_cast<int>(core::RequireWhole("vlan", text, 1, 4094));
}

}  // namespace

VmSpec SpecFor(const core::ModuleConfig& module, const core::Service& item, const vps::VmRecord& record,
               std::optional<CloudInit> cloud_init) {
  VmSpec spec;
  spec.package = vps::PackageOf(item);
  spec.hostname = vps::HostnameFor(item.params.Get("domain"), item.id);
  spec.description = OwnershipMarker(module.id, item.id);
  spec.bridge = vps::Setting(module, item, "bridge", "vmbr0");
  spec.vlan = VlanTag(vps::Setting(module, item, "vlan"));
  spec.mac = record.mac;
  spec.storage = vps::Setting(module, item, "storage");
  spec.cloud_init = std::move(cloud_init);
  return spec;
}

}  // namespace pm::pmproxmox
