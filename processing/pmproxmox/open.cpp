// open: take a ready VM from the server pool (pool_handover.h), else clone the tariff's template
// for the ordered OS; shape it to the package, start it, report it, and count the sale for the
// pool. Every step can be rerun: the VMID is in the state before the clone starts, the clone
// carries the ownership marker, and the config step sends only what differs.
#include "core/error.h"
#include "pmproxmox/apply_spec.h"
#include "pmproxmox/cloning.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/ownership.h"
#include "pmproxmox/placement.h"
#include "pmproxmox/pool_handover.h"
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/service_spec.h"
#include "proxmox/errors.h"
#include "proxmox/fields.h"
#include "proxmox/vm_config.h"
#include "proxmox/vms.h"
#include "vps/backups/journal.h"
#include "vps/hostname.h"
#include "vps/ip_pool.h"
#include "vps/password.h"
#include "vps/pool/claim.h"

namespace pm::pmproxmox {
namespace {

using proxmox::Api;
using proxmox::Vm;
using vps::VmRecord;

// A clone started by an earlier, interrupted run may still be copying disks.
void WaitForCloneToFinish(Vm& vm) {
  std::string lock = vm.WaitUntilUnlocked({"clone", "create"});
  if (lock.empty()) return;
  std::string what = lock == "clone" || lock == "create" ? "the clone of VM " + std::to_string(vm.vmid()) + " is still running"
                                                         : "VM " + std::to_string(vm.vmid()) + " is locked (" + lock + ")";
  throw core::Error(core::ErrorType::Locked, lock, what);
}

// The VM of an earlier run if it is there and ours; nullopt when a new clone is needed. While
// PVE copies the first disk the new config holds only the clone lock, not our description, so
// ownership is judged after the clone has finished.
std::optional<VmRecord> Adoptable(Api& api, const VmRecord& record, const std::string& marker) {
  auto guest = proxmox::FindGuest(api, record.vmid);
  if (!guest) return std::nullopt;  // the clone never started, or failed and PVE removed it
  Vm vm(api, guest->node, guest->vmid);
  WaitForCloneToFinish(vm);
  if (!proxmox::FindGuest(api, record.vmid)) return std::nullopt;  // the clone failed meanwhile
  if (!CarriesMarker(vm.Config(), marker)) return std::nullopt;    // someone else took the VMID
  VmRecord adopted = record;
  adopted.node = guest->node;
  return adopted;
}

VmRecord Clone(core::Context& ctx, Api& api, vps::VmRecords& records, VmRecord record, const std::string& marker) {
  Placement placement = ChoosePlacement(ctx.module(), ctx.item(), proxmox::ListGuests(api), proxmox::ListNodes(api));
  try {
    CloneTemplate(api, ctx.log, placement, vps::HostnameFor(ctx.item().params.Get("domain"), ctx.item().id), marker,
                  [&](int vmid) {
                    record.vmid = vmid;  // in the state before the clone: a crash mid-clone finds it
                    record.node = placement.node;
                    record.phase = vps::VmPhase::Planned;
                    records.Save(record);
                  });
    return record;
  } catch (const proxmox::LostAnswer&) {
    // The clone may have started: if so it is ours (it carries the marker); never clone again.
    if (auto ours = Adoptable(api, record, marker)) return *ours;
    throw;
  }
}

VmRecord EnsureCloned(core::Context& ctx, Api& api, vps::VmRecords& records) {
  std::string marker = OwnershipMarker(ctx.module().id, ctx.item().id);
  VmRecord record;
  record.item = ctx.item().id;
  record.module = ctx.module().id;
  // With the state lost, the VMID the panel saved still leads to our VM.
  if (auto known = KnownRecord(ctx)) {
    if (auto adopted = Adoptable(api, *known, marker)) {
      ctx.log.Info("adopting VM " + std::to_string(adopted->vmid) + " made by an earlier run");
      records.Save(*adopted);
      return *adopted;
    }
    record = *known;
  }
  return Clone(ctx, api, records, record, marker);
}

// The address the panel assigned, else one from the module's pool, else DHCP ("").
std::string AddressFor(core::Context& ctx) {
  if (auto ip = ctx.item().params.Find("ip")) return *ip;
  if (auto pool = ctx.module().params.Find("ip_pool")) {
    return vps::IpPool(ctx.state(), ctx.module().id, *pool).Lease(ctx.item().id);
  }
  return "";
}

CloudInit CloudInitFor(const core::Context& ctx, const VmRecord& record) {
  const auto& params = ctx.item().params;
  const auto& module = ctx.module().params;
  CloudInit ci;
  ci.user = params.Get("username", "root");
  ci.password = params.Get("password", record.password);
  ci.sshkeys = params.Get("sshkeys");
  ci.ipconfig = record.ip.empty() ? "ip=dhcp"
                                  : "ip=" + record.ip + "/" + module.Get("ip_prefix", "24") +
                                        (module.Find("ip_gateway") ? ",gw=" + module.Get("ip_gateway") : "");
  for (char c : module.Get("dns")) ci.nameserver += (c == ',') ? ' ' : c;
  return ci;
}

void Configure(core::Context& ctx, Api& api, vps::VmRecords& records, VmRecord& record) {
  Vm vm(api, record.node, record.vmid);
  auto config = vm.Config();
  if (record.mac.empty()) record.mac = proxmox::NetDevice::Parse(proxmox::TextField(config, "net0")).mac;
  if (record.ip.empty()) record.ip = AddressFor(ctx);
  if (!ctx.item().params.Find("password") && record.password.empty()) record.password = vps::RandomPassword();
  records.Save(record);
  ctx.log.Redact(record.password);

  auto plan = ApplySpec(vm, config, SpecFor(ctx.module(), ctx.item(), record, CloudInitFor(ctx, record)));
  for (const auto& note : plan.notes) ctx.log.Warning(note);
  if (!vm.Running()) vm.Start();
}

void Report(core::Context& ctx, const VmRecord& record) {
  const auto& item = ctx.item();
  auto& panel = ctx.panel;
  panel.SaveParam(item.id, "vmid", std::to_string(record.vmid));
  panel.SaveParam(item.id, "node", record.node);
  if (!record.ip.empty()) panel.SaveParam(item.id, "ip", record.ip);
  panel.SaveParam(item.id, "mac", record.mac);
  panel.SaveParam(item.id, "username", item.params.Get("username", "root"));
  panel.SaveSecretParam(item.id, "password", item.params.Get("password", record.password));
  panel.PostCommand("open", item.id);
}

}  // namespace

core::Reply ProxmoxModule::Open(core::Context& ctx) {
  // Refuse bad input before touching anything.
  SpecFor(ctx.module(), ctx.item(), VmRecord{}, std::nullopt);
  vps::backups::BackupQuota(ctx.item());
  ctx.item().params.Require("ostempl");
  Connection connection(ctx.module(), ctx.log);
  auto& api = connection.api();
  vps::VmRecords records(ctx.state());
  std::optional<PoolTake> take;
  // A service that has a VM (or an earlier run's clone) keeps it; one that holds a claim finishes it.
  if (vps::pool::HoldsClaim(ctx) || !KnownRecord(ctx)) take = TakeFromPool(ctx, api, records);
  VmRecord record = take ? take->record : EnsureCloned(ctx, api, records);
  Configure(ctx, api, records, record);
  if (take) FinishTake(ctx, api, *take);
  Report(ctx, record);
  record.phase = vps::VmPhase::Active;
  record.password.clear();  // the panel keeps it now
  records.Save(record);
  vps::pool::CountSale(ctx, vps::pool::OrderedConfiguration(ctx));
  return core::Reply().Add("vmid", std::to_string(record.vmid)).Add("node", record.node).Add("ip", record.ip);
}

}  // namespace pm::pmproxmox
