#include "pmproxmox/backup_driver.h"

#include <algorithm>
#include <ctime>

#include "core/error.h"
#include "pmproxmox/apply_spec.h"
#include "pmproxmox/service_spec.h"
#include "proxmox/errors.h"
#include "proxmox/task_log.h"
#include "proxmox/tasks.h"
#include "proxmox/vms.h"
#include "vps/settings.h"

namespace pm::pmproxmox {
namespace {

using vps::backups::BackupJob;
using vps::backups::JobKind;

// The task type each kind of job runs (notes §5), and the task id PVE gives it.
std::string TaskType(JobKind kind) {
  switch (kind) {
    case JobKind::Backup: return "vzdump";
    case JobKind::Restore: return "qmrestore";
    case JobKind::Delete: return "imgdel";
  }
  return "";
}

std::string TaskId(const BackupJob& job) {
  if (job.kind == JobKind::Delete) return std::to_string(job.vmid) + "@" + job.storage;
  return std::to_string(job.vmid);
}

backup::LocalTime LocalTimeOf(std::int64_t localtime) {
  std::time_t local = static_cast<std::time_t>(localtime);
  std::tm parts{};
  gmtime_r(&local, &parts);  // `localtime` is already shifted into the node's zone
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &parts);
  return {parts.tm_wday, parts.tm_hour * 60 + parts.tm_min, date};
}

}  // namespace

ProxmoxBackupDriver::ProxmoxBackupDriver(const core::ModuleConfig& module, core::Log& log)
    : log_(log), connection_(module, log), backups_(connection_.api()), listings_(backups_) {}

// Schedules are kept in the cluster's local time: that is the clock vzdump names archives by.
vps::backups::ClusterClock ProxmoxBackupDriver::Clock() {
  constexpr std::int64_t kLatest = 1LL << 40;      // far past any real clock, far from overflow
  constexpr std::int64_t kWidestZone = 26 * 3600;  // UTC-12 to UTC+14, and then some
  for (const auto& node : proxmox::ListNodes(connection_.api())) {
    if (!node.online) continue;
    auto time = proxmox::GetNodeTime(connection_.api(), node.node);
    std::int64_t offset = time.localtime - time.time;
    if (time.time <= 0 || time.time > kLatest || time.localtime <= 0 || time.localtime > kLatest ||
        offset < -kWidestZone || offset > kWidestZone) {
      throw proxmox::UnexpectedAnswer("node " + node.node + " gave an unusable time: " + std::to_string(time.time) +
                                      ", local " + std::to_string(time.localtime));
    }
    return {time.time, LocalTimeOf(time.localtime), {time.timezone, offset}};
  }
  throw core::Error(core::ErrorType::Connection, "node", "no Proxmox node is online");
}

std::map<int, vps::backups::Guest> ProxmoxBackupDriver::Locate(const std::set<int>& vmids) {
  std::map<int, vps::backups::Guest> located;
  auto wanted = [&](int vmid) { return vmids.count(vmid) > 0; };
  for (const auto& guest : proxmox::ListGuests(connection_.api(), wanted)) located[guest.vmid] = {guest.node, guest.lock};
  return located;
}

// vzdump's notes-template takes only a few variables and escapes (notes §16): the marker is
// plain text, and the client's note is written afterwards (WriteNotes).
std::optional<std::string> ProxmoxBackupDriver::StartBackup(const BackupJob& job) {
  return backups_.Start({job.node, job.vmid, job.storage, job.marker});
}

std::vector<std::string> ProxmoxBackupDriver::TasksSince(const BackupJob& job, std::int64_t since) {
  // An imgdel task's id is "<vmid>@<storage>", which the list's vmid filter does not match.
  std::optional<int> vmid = job.kind == JobKind::Delete ? std::nullopt : std::optional(job.vmid);
  std::vector<std::string> tasks;
  for (const auto& row : proxmox::FindTasks(connection_.api(), job.node, TaskType(job.kind), vmid, since)) {
    if (row.id == TaskId(job)) tasks.push_back(row.upid);
  }
  return tasks;
}

vps::backups::TaskLook ProxmoxBackupDriver::Look(const std::string& task, std::int64_t log_from) {
  auto state = proxmox::PollTask(connection_.api(), task);
  vps::backups::TaskLook look{state.running, state.ok, state.exitstatus, std::nullopt, log_from};
  if (state.running) {
    auto page = proxmox::ReadTaskLog(connection_.api(), task, log_from);
    look.percent = proxmox::LatestProgress(page.lines);
    look.log_lines = page.next;
  }
  return look;
}

void ProxmoxBackupDriver::StopTask(const std::string& task) { proxmox::StopTask(connection_.api(), task); }

std::optional<vps::backups::Archive> ProxmoxBackupDriver::FindArchive(const BackupJob& job) {
  listings_.Invalidate(job.node, job.storage);
  for (const auto& volume : listings_.Of(job.node, job.storage)) {
    // Once found, the archive is known by its volid: the client's note may have replaced the marker.
    bool ours = job.volid.empty() ? (volume.vmid == job.vmid && volume.notes == job.marker) : volume.volid == job.volid;
    if (ours) return vps::backups::Archive{volume.volid, volume.ctime, volume.size};
  }
  return std::nullopt;
}

void ProxmoxBackupDriver::WriteNotes(const vps::backups::BackupCopy& copy) {
  backups_.SetNotes(copy.node, copy.volid, copy.notes);
}

bool ProxmoxBackupDriver::ArchiveExists(const BackupJob& job) {
  const auto& volumes = listings_.Of(job.node, job.storage);
  return std::any_of(volumes.begin(), volumes.end(), [&](const auto& volume) { return volume.volid == job.volid; });
}

std::optional<std::string> ProxmoxBackupDriver::StartDelete(const BackupJob& job) {
  listings_.Invalidate(job.node, job.storage);
  return backups_.DeleteAsync(job.node, job.volid);
}

void ProxmoxBackupDriver::StopVm(const BackupJob& job) {
  proxmox::Vm vm(connection_.api(), job.node, job.vmid);
  if (vm.Running()) vm.Stop();  // PVE refuses to restore over a running VM (notes §19)
}

std::string ProxmoxBackupDriver::StartRestore(const BackupJob& job, const core::Input& service) {
  return backups_.RestoreAsync(job.node, job.vmid, job.volid, vps::Setting(*service.module, *service.item, "storage"));
}

void ProxmoxBackupDriver::Reapply(const BackupJob& job, const core::Input& service, const vps::VmRecord& record) {
  proxmox::Vm vm(connection_.api(), job.node, job.vmid);
  VmSpec spec = SpecFor(*service.module, *service.item, record, std::nullopt);
  spec.onboot = record.phase != vps::VmPhase::Suspended;
  auto plan = ApplySpec(vm, vm.Config(), spec);
  for (const auto& note : plan.notes) log_.Warning("restore job " + std::to_string(job.id) + ": " + note);
}

void ProxmoxBackupDriver::StartVm(const BackupJob& job) {
  proxmox::Vm vm(connection_.api(), job.node, job.vmid);
  if (!vm.Running()) vm.Start();
}

}  // namespace pm::pmproxmox
