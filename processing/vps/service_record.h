// The module's record of a service's VM (vps/vm_records.h) as the commands of a platform that
// numbers VMs itself (VMmanager 5 and 6) read and start it.
#pragma once

#include <optional>

#include "core/module.h"
#include "vps/vm_records.h"

namespace pm::vps {

// What an `open` writes first: the record an earlier run left, else a new Planned one, saved
// before the VM is asked for, with the password the VM will get when the service names none, so
// that a rerun after a crash gives the same one.
VmRecord PlannedRecord(core::Context& ctx);

// The state's record of the service, or a fresh Active one for VM `vmid` when the state lost it.
VmRecord RecordOf(core::Context& ctx, long long vmid);

// What a finished open tells the panel (contract §10, §11): `vmid`, `ip` (when the VM has one),
// `username` root and the password (crypted: the service's, else the one the record chose),
// then service.postopen.
void ReportOpened(core::Context& ctx, long long vmid, const std::string& ip, const VmRecord& record);

// The service's VM id: the state's, else the panel's `vmid`; nullopt before the VM is asked for.
std::optional<long long> KnownVmId(core::Context& ctx);

}  // namespace pm::vps
