// The one "spec → plan → update → resize" sequence that open, setparam and a restore's re-apply
// share: the VM's current config is compared with the spec, only what differs is sent, then the
// disks grow.
#pragma once

#include "pmproxmox/vm_spec.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {

// `config` is the VM's current config, as just read. Returns the plan that was carried out; its
// notes say what was not done, and why.
ConfigPlan ApplySpec(proxmox::Vm& vm, const nlohmann::json& config, const VmSpec& spec);

}  // namespace pm::pmproxmox
