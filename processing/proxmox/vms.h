// One QEMU guest on one node (notes §7–§13). Calls that PVE runs as tasks wait for them through
// WaitForTask; CloneAsync only dispatches. A task-starting write whose answer was lost is never
// sent again: the task it started is looked for and waited for, and when there is none the
// LostAnswer goes up (nothing was done).
#pragma once

#include <functional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "proxmox/api.h"
#include "proxmox/tasks.h"

namespace pm::proxmox {

struct CloneRequest {
  int newid = 0;
  std::string name;
  std::string storage;      // target storage of a full clone; empty = the template's
  std::string description;  // written into the new VM's config at clone time
  bool full = true;
};

class Vm {
 public:
  Vm(Api& api, std::string node, int vmid, PollingPolicy polling = {})
      : api_(api), node_(std::move(node)), vmid_(vmid), polling_(polling) {}

  const std::string& node() const { return node_; }
  int vmid() const { return vmid_; }

  nlohmann::json Config();
  nlohmann::json CurrentStatus();
  nlohmann::json Pending();  // [{key, value?, pending?, delete?}]
  bool Running();

  void UpdateConfig(const Params& changes);
  // Grows `disk` to `gib` GiB; PVE refuses to shrink, so callers only ask for growth.
  void Resize(const std::string& disk, std::uint64_t gib);

  std::string CloneAsync(const CloneRequest& request);  // this VM is the source template
  void Start();
  void Stop();
  void Reboot();
  void Destroy();

  TaskResult Wait(const std::string& upid) { return WaitForTask(api_, upid, polling_); }
  // Waits while the VM's config lock is one of `passing` (an earlier run's clone); returns the
  // lock left: "" when unlocked (see WaitForConfigUnlock).
  std::string WaitUntilUnlocked(const std::set<std::string>& passing);

 private:
  std::string Path(const std::string& tail = "") const;
  // Dispatches a `type` task and waits for it; runs it again when it failed only because the
  // VM's file lock was busy (e.g. PVE's cleanup right after a stop), which left everything
  // unchanged. A lost answer is resolved by finding the task it started.
  void RunTask(const std::string& type, const std::function<nlohmann::json()>& dispatch);
  nlohmann::json PostStatus(const std::string& action);

  Api& api_;
  std::string node_;
  int vmid_;
  PollingPolicy polling_;
};

}  // namespace pm::proxmox
