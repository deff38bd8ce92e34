#include "vps/service_record.h"

#include "core/numbers.h"
#include "vps/password.h"

namespace pm::vps {

VmRecord PlannedRecord(core::Context& ctx) {
  VmRecords records(ctx.state());
  if (auto known = records.Find(ctx.item().id)) return *known;
  VmRecord record;
  record.item = ctx.item().id;
  record.module = ctx.module().id;
  record.phase = VmPhase::Planned;
  if (!ctx.item().params.Find("password")) record.password = RandomPassword();
  records.Save(record);
  return record;
}

VmRecord RecordOf(core::Context& ctx, long long vmid) {
  if (auto record = VmRecords(ctx.state()).Find(ctx.item().id)) return *record;
  VmRecord record;
  record.item = ctx.item().id;
  record.module = ctx.module().id;
  record.vmid = static_cast<int>(vmid);
  record.phase = VmPhase::Active;
  return record;
}

void ReportOpened(core::Context& ctx, long long vmid, const std::string& ip, const VmRecord& record) {
  const auto& item = ctx.item();
  ctx.panel.SaveParam(item.id, "vmid", std::to_string(vmid));
  if (!ip.empty()) ctx.panel.SaveParam(item.id, "ip", ip);
  ctx.panel.SaveParam(item.id, "username", "root");
  ctx.panel.SaveSecretParam(item.id, "password", item.params.Get("password", record.password));
  ctx.panel.PostCommand("open", item.id);
}

std::optional<long long> KnownVmId(core::Context& ctx) {
  auto record = VmRecords(ctx.state()).Find(ctx.item().id);
  if (record && record->vmid > 0) return record->vmid;  // 0: planned, the VM not asked for yet
  return core::ParseWhole(ctx.item().params.Get("vmid"), 1, 1LL << 31);
}

}  // namespace pm::vps
