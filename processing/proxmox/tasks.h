// Waiting on PVE: for tasks (UPIDs) and for a VM's config lock. This is the only poller: every
// asynchronous call returns a UPID, and WaitForTask follows it to the end (bpg's
// tasks.WaitForTask); WaitForConfigUnlock waits out a clone of an earlier run (bpg's
// WaitForVMConfigUnlock). Callers that must not block (a cron tick that starts a job and looks at
// it again on its next run) use PollTask.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "proxmox/api.h"
#include "proxmox/errors.h"

namespace pm::proxmox {

struct Upid {
  std::string node;
  std::string type;
  std::string id;
  std::string user;
  long starttime = 0;
};

// Parses "UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:"; invalid_argument if not one.
Upid ParseUpid(const std::string& text);

struct PollingPolicy {
  std::chrono::milliseconds first{200};
  std::chrono::milliseconds max{5000};
  double growth = 1.5;
  std::chrono::milliseconds limit{std::chrono::minutes(30)};  // total waiting before giving up
};

struct TaskResult {
  std::string exitstatus;  // "OK" or "WARNINGS: n"
  bool warnings = false;
};

class TaskTimeout : public std::runtime_error {
 public:
  explicit TaskTimeout(const std::string& upid)
      : std::runtime_error("task " + upid + " is still running; gave up waiting for it") {}
};

struct TaskState {
  bool running = false;
  std::string exitstatus;  // set once stopped: "OK", "WARNINGS: n" or the error text
  bool ok = false;         // stopped with OK or WARNINGS
};

// One look at the task (GET …/tasks/{upid}/status on the UPID's node), without waiting. ApiError
// as every call; 400 means PVE does not know the task (yet, right after it was created).
TaskState PollTask(Api& api, const std::string& upid);

// Asks PVE to stop the task (DELETE …/tasks/{upid}); it ends soon after with an error exit status.
void StopTask(Api& api, const std::string& upid);

struct TaskRow {
  std::string upid;
  std::string id;  // the VMID, or "<vmid>@<storage>" for imgdel
  long long starttime = 0;
  long long endtime = 0;  // 0 while it runs
};

// `type` tasks on `node` started at or after `since` (epoch, the node's clock), running or
// finished, newest first; only those for `vmid` when given. Lets a rerun find the task it started
// before it crashed or lost the answer.
std::vector<TaskRow> FindTasks(Api& api, const std::string& node, const std::string& type, std::optional<int> vmid,
                               long long since);

// The `type` task for `vmid` that a write whose answer was lost (`lost`) started on `node`, if
// any: the newest one started since the request was sent and not over before it, by the
// server's own clock (its Date; else the node's time less how long ago the request went).
std::optional<std::string> FindStartedTask(Api& api, const std::string& node, const std::string& type, int vmid,
                                           const LostAnswer& lost);

// Follows the task to its end. Success is "OK" or "WARNINGS: n"; any other exit status is a
// TaskError; running past the policy's limit is a TaskTimeout (the task itself goes on).
TaskResult WaitForTask(Api& api, const std::string& upid, const PollingPolicy& policy = {});

// Reads `current_lock` (the VM's config lock, "" when none) with the policy's growing pauses until
// it is not one of `passing`, and returns it: "" once unlocked, or a lock the caller must not
// wait for. The passing lock still held when the policy's limit is reached is returned too.
std::string WaitForConfigUnlock(Api& api, const std::function<std::string()>& current_lock,
                                const std::set<std::string>& passing, const PollingPolicy& policy = {});

// True for a non-null answer that is a UPID string (vzdump answers "OK" when it started nothing).
bool IsUpid(const nlohmann::json& answer);

}  // namespace pm::proxmox
