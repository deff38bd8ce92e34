#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace pvesim {

struct SimCore;
class Task;

// How long workers take, in simulated seconds (multiplied by the time scale).
namespace task_time {
constexpr double kClone = 1.5;
constexpr double kCreate = 0.5;
constexpr double kRestore = 2.0;
constexpr double kConfig = 0.1;
constexpr double kResize = 0.2;
constexpr double kStart = 0.4;
constexpr double kStop = 0.3;
constexpr double kShutdown = 1.0;
constexpr double kReboot = 1.0;
constexpr double kReset = 0.2;
constexpr double kDestroy = 0.3;
constexpr double kVzdump = 2.0;
constexpr double kImageDelete = 0.2;
}  // namespace task_time

// What a running stage may do besides touching the state: write the task log.
struct TaskContext {
  SimCore& core;
  Task& task;

  void Log(const std::string& line);
  // A "WARN: " line; warnings turn the exit status into "WARNINGS: <n>".
  void Warn(const std::string& message);
  void Release(const std::string& lock_name);
};

struct LockNeed {
  std::string name;
  bool shared = false;
  double timeout = 10;  // simulated seconds, as PVE's lock_config waits
};

// One step of a worker. Locks are taken in order (waiting up to their timeout, the task stays
// "running" meanwhile), then `run` executes under the simulator lock, then the stage takes
// `duration` simulated seconds. An error (thrown by `run`, or a lock timeout) fails the task,
// unless `on_error` handles it, which lets a multi-VM vzdump go on with the next guest.
struct TaskStage {
  std::vector<LockNeed> locks;
  std::function<void(TaskContext&)> on_wait;  // once, when a lock is not free at once
  std::function<void(TaskContext&)> run;
  std::function<void(TaskContext&, const std::string&)> on_error;
  double duration = 0;
  bool fault_point = false;  // injected failures and hangs strike before this stage
};

struct TaskSpec {
  std::string node;
  std::string type;  // qmclone, qmstart, vzdump, ...
  std::string id;    // usually the VMID
  std::string user;
  std::vector<TaskStage> stages;
  std::function<void(TaskContext&, const std::string&)> on_failure;  // cleanup on error
  std::string interrupt_message = "received interrupt";
};

// A task fault from the control API, resolved when the task starts.
struct TaskFault {
  enum class Kind { kFail, kWarnings, kHang };
  Kind kind = Kind::kFail;
  std::string exitstatus;
  int warnings = 1;
};

class Task {
 public:
  std::string upid, node, type, id, user;
  uint32_t pid = 0;
  uint32_t pstart = 0;
  int64_t starttime = 0;
  int64_t endtime = 0;
  std::vector<std::string> log;
  int warnings = 0;
  bool running = true;
  std::string exitstatus;

  // GET .../tasks/{upid}/status: the decoded UPID, a token's task as user + tokenid.
  nlohmann::json StatusJson() const;
  // A running task as GET /nodes/{node}/tasks reads it from the 'active' file: the decoded UPID
  // as it is (no tokenid) and saved "0"; the list adds the status.
  nlohmann::json ActiveJson() const;
  // A finished task as the list reads it from the index: decoded, endtime and status.
  nlohmann::json ListJson() const;

 private:
  friend class TaskManager;
  TaskSpec spec_;
  std::optional<TaskFault> fault_;
  size_t stage_ = 0;
  size_t locks_taken_ = 0;
  double ready_at_ = 0;
  double lock_deadline_ = -1;
  bool hanging_ = false;
};

class TaskManager {
 public:
  explicit TaskManager(SimCore& core);

  // Registers a task and returns its UPID; its stages run on the scheduler thread.
  std::string Start(TaskSpec spec, std::optional<TaskFault> fault);
  const Task* Find(const std::string& upid) const;
  std::vector<const Task*> All() const;  // in the order they were started
  // Finished tasks, the latest finished first: the task index read backwards.
  std::vector<const Task*> Archive() const;
  // DELETE /nodes/{node}/tasks/{upid}: the worker dies with its interrupt message.
  void Interrupt(const std::string& upid);
  // Runs every stage that is due; returns the simulated time of the next event. Callers
  // notify waiters afterwards, since locks may have been released.
  double RunDue(double now);

 private:
  void Advance(Task& task, double now, double& next);
  bool TakeLocks(Task& task, TaskStage& stage, double now, double& next, std::string& error);
  void Finish(Task& task);
  void Fail(Task& task, const std::string& error);

  SimCore& core_;
  std::map<std::string, std::unique_ptr<Task>> tasks_;
  std::vector<Task*> order_;     // creation order
  std::vector<Task*> finished_;  // in the order they finished
  uint32_t next_pid_;
  double boot_time_;
};

std::string FormatUpid(const std::string& node, uint32_t pid, uint32_t pstart, int64_t starttime,
                       const std::string& type, const std::string& id, const std::string& user);

}  // namespace pvesim
