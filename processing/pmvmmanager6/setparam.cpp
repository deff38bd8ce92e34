// setparam: bring the host to the package. Cores, RAM and bandwidth change through /resource, the
// disk only grows; on a running host both are deferred to its next stop and the host is
// restarted to take them. The address count changes by the difference (the primary address is
// never removed). The backup schedule follows the addon.
#include "core/error.h"
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/order.h"
#include "pmvmmanager6/schedule_membership.h"
#include "pmvmmanager6/service_host.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/errors.h"
#include "vmmanager6/hosts.h"

namespace pm::pmvmmanager6 {
namespace {

using vmmanager6::Api;
using vmmanager6::Host;
using vmmanager6::Task;

std::optional<long long> Differing(std::optional<long long> want, std::optional<long long> have) {
  return want && want != have ? want : std::nullopt;
}

// The changes that need a stop to apply on a running host; their tasks, to be waited for. What
// an earlier run already deferred (its answer lost, say) counts as done: it is not asked again.
std::vector<Task> ChangeHardware(core::Context& ctx, Api& api, const Host& host, const vps::Package& package) {
  vmmanager6::ResourceChange change;
  change.cpu_number = Differing(package.cores, host.cpu_number_new.value_or(host.cpu_number));
  change.ram_mib = Differing(static_cast<long long>(package.memory_mib), host.ram_mib_new.value_or(host.ram_mib));
  change.net_in_mbitps = Differing(WholeMbit(package.inbound_mbit), host.net_in_mbitps);
  change.net_out_mbitps = Differing(WholeMbit(package.outbound_mbit), host.net_out_mbitps);
  change.defer_to_stop = host.Running();
  std::vector<Task> tasks;
  if (!change.Empty()) tasks.push_back(vmmanager6::ChangeResources(api, host.id, change));
  long long disk_mib = static_cast<long long>(package.disk_gib) * 1024;
  if (disk_mib > host.disk_mib_new.value_or(host.disk_mib)) {
    tasks.push_back(vmmanager6::ResizeDisk(api, host.disk, disk_mib, host.Running()));
  } else if (disk_mib < host.disk_mib) {
    ctx.log.Warning("the disk of host " + std::to_string(host.id) + " stays at " + std::to_string(host.disk_mib) +
                    " MiB: VMmanager disks only grow");
  }
  return tasks;
}

// The restart applies the deferred changes while the host is down, and its start waits for them.
// When one fails the start fails with it: the host is started again as it was, so that a failed
// change does not leave the client's server off, and the failure is reported.
void RestartToApply(Api& api, long long host, const std::vector<Task>& changes) {
  try {
    vmmanager6::WaitTask(api, vmmanager6::RestartHost(api, host));
    for (const auto& task : changes) vmmanager6::WaitTask(api, task);
  } catch (const vmmanager6::TaskFailed&) {
    auto now = vmmanager6::FindHost(api, host);
    if (now && !now->Running()) vmmanager6::WaitTask(api, vmmanager6::StartHost(api, host));
    throw;
  }
}

// Addresses an ip_change adds show only once it completes: one of an earlier run that lost its
// answer is waited for first, so that the difference is not asked for twice.
void ChangeAddresses(Api& api, Host host, long long wanted, const std::vector<long long>& pools) {
  if (static_cast<long long>(host.ips.size()) < wanted) {
    if (vmmanager6::AwaitUnfinished(api, host.id, {"ip_change"})) {
      if (auto now = vmmanager6::FindHost(api, host.id)) host = *now;
    }
  }
  long long have = static_cast<long long>(host.ips.size());
  if (wanted > have) vmmanager6::WaitTask(api, vmmanager6::AddAddresses(api, host.id, wanted - have, pools));
  for (long long i = have - 1; i >= std::max(wanted, 1LL); --i) {
    vmmanager6::WaitTask(api, vmmanager6::DeleteAddress(api, host.ips[static_cast<size_t>(i)].id));
  }
}

}  // namespace

core::Reply Vm6Module::SetParam(core::Context& ctx) {
  auto package = vps::PackageOf(ctx.item());
  AddressCount(ctx.item());
  AddressPools(ctx);
  PaidSchedule(ctx);  // bad input is refused before anything changes
  Connection connection(ctx);
  auto& api = connection.api();
  auto host = RequireHost(ctx, api);
  if (host.AwaitsStop()) host = AfterUnfinished(ctx, api, host, {"host_restart", "host_start"});
  bool deferred = host.AwaitsStop();  // by an earlier run
  auto tasks = ChangeHardware(ctx, api, host, package);
  if ((deferred || !tasks.empty()) && host.Running()) {
    RestartToApply(api, host.id, tasks);
  } else {
    for (const auto& task : tasks) vmmanager6::WaitTask(api, task);
  }
  ChangeAddresses(api, host, AddressCount(ctx.item()), AddressPools(ctx));
  if (RecordOf(ctx, host).phase != vps::VmPhase::Suspended) JoinPaidSchedule(ctx, api, host.id);
  ctx.panel.PostCommand("setparam", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager6
