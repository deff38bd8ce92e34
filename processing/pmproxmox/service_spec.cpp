#include "pmproxmox/service_spec.h"

#include "core/error.h"
#include "pmproxmox/ownership.h"
#include "pmproxmox/placement.h"

namespace pm::pmproxmox {
namespace {

std::optional<int> VlanTag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text.find_first_not_of("0123456789") != std::string::npos || text.size() > 4) {
    throw core::ValueError("vlan", "'" + text + "' is not a VLAN tag");
  }
  int tag = std::stoi(text);
  if (tag < 1 || tag > 4094) throw core::ValueError("vlan", "a VLAN tag is between 1 and 4094");
  return tag;
}

}  // namespace

VmSpec SpecFor(const core::ModuleConfig& module, const core::Service& item, const VmRecord& record,
               std::optional<CloudInit> cloud_init) {
  VmSpec spec;
  spec.package = PackageOf(item);
  spec.hostname = HostnameFor(item.params.Get("domain"), item.id);
  spec.description = OwnershipMarker(module.id, item.id);
  spec.bridge = Setting(module, item, "bridge", "vmbr0");
  spec.vlan = VlanTag(Setting(module, item, "vlan"));
  spec.mac = record.mac;
  spec.storage = Setting(module, item, "storage");
  spec.cloud_init = std::move(cloud_init);
  return spec;
}

}  // namespace pm::pmproxmox
