#include "proxmox/vms.h"

#include "proxmox/errors.h"
#include "proxmox/fields.h"

namespace pm::proxmox {

namespace {

constexpr int kFileLockAttempts = 4;
constexpr std::chrono::seconds kFileLockPause{3};

}  // namespace

void Vm::RunTask(const std::string& type, const std::function<nlohmann::json()>& dispatch) {
  for (int attempt = 1;; ++attempt) {
    try {
      std::optional<std::string> upid;
      try {
        upid = UpidOrDone(dispatch());
      } catch (const LostAnswer& lost) {
        upid = FindStartedTask(api_, node_, type, vmid_, lost);
        if (!upid) throw;
      }
      if (upid) Wait(*upid);
      return;
    } catch (const TaskError& e) {
      if (!e.file_lock_timeout() || attempt == kFileLockAttempts) throw;
      api_.Sleep(kFileLockPause);
    }
  }
}

std::string Vm::Path(const std::string& tail) const {
  return "/nodes/" + node_ + "/qemu/" + std::to_string(vmid_) + tail;
}

nlohmann::json Vm::Config() { return Object(api_.Get(Path("/config"))); }

nlohmann::json Vm::CurrentStatus() { return Object(api_.Get(Path("/status/current"))); }

nlohmann::json Vm::Pending() { return Rows(api_.Get(Path("/pending"))); }

bool Vm::Running() { return TextField(CurrentStatus(), "status") == "running"; }

// POST /config answers null when it finished within background_delay (never sent here);
// resize was synchronous (null) before PVE 8. RunTask waits only for a UPID.
void Vm::UpdateConfig(const Params& changes) {
  RunTask("qmconfig", [&] { return api_.Post(Path("/config"), changes); });
}

void Vm::Resize(const std::string& disk, std::uint64_t gib) {
  RunTask("resize", [&] { return api_.Put(Path("/resize"), {{"disk", disk}, {"size", std::to_string(gib) + "G"}}); });
}

std::string Vm::CloneAsync(const CloneRequest& request) {
  Params params = {{"newid", std::to_string(request.newid)}, {"full", request.full ? "1" : "0"}};
  if (!request.name.empty()) params.emplace_back("name", request.name);
  if (!request.storage.empty() && request.full) params.emplace_back("storage", request.storage);
  if (!request.description.empty()) params.emplace_back("description", request.description);
  auto upid = UpidOrDone(api_.Post(Path("/clone"), params));
  if (!upid) throw UnexpectedAnswer("Proxmox started no clone task");
  return *upid;
}

nlohmann::json Vm::PostStatus(const std::string& action) { return api_.Post(Path("/status/" + action)); }

void Vm::Start() {
  RunTask("qmstart", [&] { return PostStatus("start"); });
}
void Vm::Stop() {
  RunTask("qmstop", [&] { return PostStatus("stop"); });
}
void Vm::Reboot() {
  RunTask("qmreboot", [&] { return PostStatus("reboot"); });
}

// Not destroy-unreferenced-disks: it frees every vm-<vmid>-* volume on every storage, which on
// storage shared with another cluster, or after a VMID was reused, are someone else's disks.
void Vm::Destroy() {
  RunTask("qmdestroy", [&] { return api_.Delete(Path(), {{"purge", "1"}}); });
}

std::string Vm::WaitUntilUnlocked(const std::set<std::string>& passing) {
  return WaitForConfigUnlock(api_, [&] { return TextField(CurrentStatus(), "lock"); }, passing, polling_);
}

}  // namespace pm::proxmox
