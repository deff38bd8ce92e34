// `open` from the pool (contract §12): a ready pooled VM of the service's configuration is
// claimed in the module's state (never by two services) and re-identified as the service's by
// open's own configure step (the service's marker, name, cloud-init user, password, keys and
// address, and a MAC of its own), then restarted so that cloud-init applies it. A rerun after a
// kill finishes the hand-over its service holds; the VM is never lost or given twice.
#pragma once

#include <optional>

#include "core/module.h"
#include "pool/configuration.h"
#include "proxmox/api.h"
#include "vps/pool/store.h"
#include "vps/vm_records.h"

namespace pm::pmproxmox {

struct PoolTake {
  vps::pool::Slot slot;
  vps::VmRecord record;  // the pooled VM, with the MAC it will have as the service's
};

// The pooled VM the service takes; nullopt when the module has no pool, the tariff places its VMs
// otherwise than the module does, or none is ready.
std::optional<PoolTake> TakeFromPool(core::Context& ctx, proxmox::Api& api, vps::VmRecords& records);

// Once the VM is configured as the service's: the restart that applies cloud-init, and the
// slot goes.
void FinishTake(core::Context& ctx, proxmox::Api& api, const PoolTake& take);

}  // namespace pm::pmproxmox
