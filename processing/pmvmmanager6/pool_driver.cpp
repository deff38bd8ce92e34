#include "pmvmmanager6/pool_driver.h"

#include "core/error.h"
#include "pmvmmanager6/client_account.h"
#include "pmvmmanager6/order.h"
#include "pmvmmanager6/os_templates.h"
#include "vmmanager6/errors.h"
#include "vmmanager6/hosts.h"
#include "vps/ownership.h"
#include "vps/password.h"

namespace pm::pmvmmanager6 {
namespace {

using vps::pool::PooledVm;

// A failed create leaves a host that looks merely stopped; its task tells. The task has ended
// when the host is no longer creating, so this does not wait.
const vmmanager6::PollingPolicy kEnded{std::chrono::milliseconds(0), std::chrono::milliseconds(0), 1.0,
                                       std::chrono::milliseconds(0)};

}  // namespace

Vm6PoolDriver::Vm6PoolDriver(core::Context& ctx, vps::pool::PoolSettings settings)
    : ctx_(ctx), settings_(std::move(settings)), connection_(ctx) {}

std::vector<PooledVm> Vm6PoolDriver::Pooled() {
  std::string marker = vps::PoolMarker("pmvmmanager6", ctx_.module().id);
  std::vector<PooledVm> pooled;
  for (const auto& host : vmmanager6::FindHosts(connection_.api(), vmmanager6::Where::Eq("comment", marker))) {
    if (host.comment != marker) continue;  // a service's host carries its own marker instead
    auto state = host.state == "creating"   ? PooledVm::State::Creating
                 : host.state == "deleting" ? PooledVm::State::Deleting
                                            : PooledVm::State::Ready;
    pooled.push_back({host.id, host.name, state});
  }
  return pooled;
}

bool Vm6PoolDriver::CreationFailed(long long id) {
  auto task = vmmanager6::FindHostTask(connection_.api(), id, "host_create");
  if (!task) return false;
  try {
    vmmanager6::WaitTask(connection_.api(), *task, kEnded);
    return false;
  } catch (const vmmanager6::TaskFailed& failed) {
    ctx_.log.Warning("the creation of pooled host " + std::to_string(id) + " failed: " + failed.output());
    return true;
  }
}

long long Vm6PoolDriver::OsId(const std::string& intname) {
  if (!os_) os_ = vmmanager6::ListOs(connection_.api());
  auto os = FindOs(*os_, connection_.cluster().id, intname);
  if (!os) throw core::ValueError("ostempl", "VMmanager offers no OS template '" + intname + "' any more");
  return os->id;
}

std::optional<long long> Vm6PoolDriver::PresetId(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (!presets_) presets_ = vmmanager6::ListPresets(connection_.api());
  for (const auto& preset : *presets_) {
    if (preset.name == name) return preset.id;
  }
  throw core::ValueError("preset", "VMmanager has no VM configuration named '" + name + "' any more");
}

long long Vm6PoolDriver::Create(const pm::pool::Configuration& configuration, const std::string& name) {
  if (!owner_) owner_ = UserAccount(ctx_.log, connection_.api(), settings_.owner);
  vmmanager6::NewHost host;
  host.name = name;
  host.cluster = connection_.cluster().id;
  host.account = *owner_;
  host.password = vps::RandomPassword();  // the buyer's replaces it at the hand-over
  ctx_.log.Redact(host.password);
  host.comment = vps::PoolMarker("pmvmmanager6", ctx_.module().id);
  host.os = OsId(configuration.os);
  host.preset = PresetId(configuration.preset);
  host.cpu_number = configuration.cores;
  host.ram_mib = configuration.memory_mib;
  host.hdd_mib = configuration.disk_mib;
  host.ipv4_pool = AddressPoolsIn(ctx_.module().params.Get("ippool"));
  return vmmanager6::CreateHost(connection_.api(), host).id;
}

void Vm6PoolDriver::Delete(long long id) { vmmanager6::DeleteHost(connection_.api(), id); }

}  // namespace pm::pmvmmanager6
