// Which host belongs to a service. Every host the module creates carries the ownership marker
// (vps/ownership.h) in its comment, sent in the create request itself, so the module finds its
// own host after a crash or a lost answer and never touches a host it did not make.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "core/module.h"
#include "vmmanager6/api.h"
#include "vmmanager6/hosts.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager6 {

std::string OwnershipMarker(const core::Context& ctx);

// The service's host: the one the state or the panel's `vmid` names, verified by the marker;
// without either, the one carrying the marker. nullopt when there is none (any more). Error{access}
// when the id now belongs to a host that is not the service's.
std::optional<vmmanager6::Host> LocateHost(core::Context& ctx, vmmanager6::Api& api);
// LocateHost, and Error{notfound} when there is none.
vmmanager6::Host RequireHost(core::Context& ctx, vmmanager6::Api& api);

// `host` read again once the named tasks an earlier run left unfinished (their answers lost) have
// ended. Read again even when none was listed: one may have ended between the two reads, and the
// first read shows the state it was leading away from.
vmmanager6::Host AfterUnfinished(core::Context& ctx, vmmanager6::Api& api, const vmmanager6::Host& host,
                                 std::initializer_list<const char*> tasks);

// The state's record of the service's host, or a fresh one for `host` when the state lost it.
vps::VmRecord RecordOf(core::Context& ctx, const vmmanager6::Host& host);

}  // namespace pm::pmvmmanager6
