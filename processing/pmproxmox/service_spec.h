// The VmSpec of a service: package, hostname, network settings and ownership marker, taken
// from the service and the tariff/module settings.
#pragma once

#include <optional>

#include "core/service.h"
#include "vps/vm_records.h"
#include "pmproxmox/vm_spec.h"

namespace pm::pmproxmox {

VmSpec SpecFor(const core::ModuleConfig& module, const core::Service& item, const vps::VmRecord& record,
               std::optional<CloudInit> cloud_init);

}  // namespace pm::pmproxmox
