#include "pvesim/tasks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "pvesim/sim_core.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {
constexpr double kNever = std::numeric_limits<double>::infinity();
// Seconds after "boot" of the first task: pstart values are jiffies since boot.
constexpr double kUptimeAtStart = 86400;
}  // namespace

void TaskContext::Log(const std::string& line) { task.log.push_back(line); }

void TaskContext::Warn(const std::string& message) {
  task.log.push_back("WARN: " + message);
  ++task.warnings;
}

void TaskContext::Release(const std::string& lock_name) {
  core.locks.Release(lock_name, task.upid);
}

std::string FormatUpid(const std::string& node, uint32_t pid, uint32_t pstart, int64_t starttime,
                       const std::string& type, const std::string& id, const std::string& user) {
  char numbers[64];
  std::snprintf(numbers, sizeof numbers, "%08X:%08X:%08X", pid, pstart,
                static_cast<unsigned>(starttime));
  return "UPID:" + node + ":" + numbers + ":" + type + ":" + id + ":" + user + ":";
}

namespace {
// The fields of upid_decode.
nlohmann::json DecodedUpid(const Task& task) {
  return {{"upid", task.upid},           {"node", task.node}, {"pid", task.pid},
          {"pstart", task.pstart},       {"type", task.type}, {"id", task.id},
          {"starttime", task.starttime}, {"user", task.user}};
}

// Token tasks shown as user + tokenid, as Tasks.pm's $convert_token_task does.
nlohmann::json ConvertedUpid(const Task& task) {
  nlohmann::json out = DecodedUpid(task);
  auto bang = task.user.find('!');
  if (bang != std::string::npos) {
    out["user"] = task.user.substr(0, bang);
    out["tokenid"] = task.user.substr(bang + 1);
  }
  return out;
}
}  // namespace

nlohmann::json Task::StatusJson() const {
  nlohmann::json out = ConvertedUpid(*this);
  out["status"] = running ? "running" : "stopped";
  if (!running) out["exitstatus"] = exitstatus;
  return out;
}

nlohmann::json Task::ActiveJson() const {
  nlohmann::json out = DecodedUpid(*this);
  out["saved"] = "0";  // read_active_workers keeps the flag as the string it parsed
  return out;
}

nlohmann::json Task::ListJson() const {
  nlohmann::json out = ConvertedUpid(*this);
  out["status"] = exitstatus;
  out["endtime"] = endtime;
  return out;
}

TaskManager::TaskManager(SimCore& core)
    : core_(core), next_pid_(0x3A000), boot_time_(core.clock.Now() - kUptimeAtStart) {}

std::string TaskManager::Start(TaskSpec spec, std::optional<TaskFault> fault) {
  auto task = std::make_unique<Task>();
  double now = core_.clock.Now();
  task->node = spec.node;
  task->type = spec.type;
  task->id = spec.id;
  task->user = spec.user;
  task->pid = next_pid_ += 1 + static_cast<uint32_t>(core_.rng.Next() % 64);
  task->pstart = static_cast<uint32_t>((now - boot_time_) * 100);  // jiffies since boot
  task->starttime = static_cast<int64_t>(std::floor(now));
  task->upid = FormatUpid(task->node, task->pid, task->pstart, task->starttime, task->type,
                          task->id, task->user);
  bool has_fault_point = std::any_of(spec.stages.begin(), spec.stages.end(),
                                     [](const TaskStage& stage) { return stage.fault_point; });
  if (!has_fault_point && !spec.stages.empty()) spec.stages.back().fault_point = true;
  task->spec_ = std::move(spec);
  task->fault_ = std::move(fault);
  task->ready_at_ = now;
  std::string upid = task->upid;
  order_.push_back(task.get());
  tasks_[upid] = std::move(task);
  core_.changed.notify_all();
  return upid;
}

const Task* TaskManager::Find(const std::string& upid) const {
  auto it = tasks_.find(upid);
  return it == tasks_.end() ? nullptr : it->second.get();
}

std::vector<const Task*> TaskManager::All() const {
  return std::vector<const Task*>(order_.begin(), order_.end());
}

std::vector<const Task*> TaskManager::Archive() const {
  return std::vector<const Task*>(finished_.rbegin(), finished_.rend());
}

void TaskManager::Interrupt(const std::string& upid) {
  auto it = tasks_.find(upid);
  if (it == tasks_.end() || !it->second->running) return;
  Fail(*it->second, it->second->spec_.interrupt_message);
  core_.changed.notify_all();
}

double TaskManager::RunDue(double now) {
  double next = kNever;
  // By index: a stage may start another task, which appends to order_.
  for (size_t i = 0; i < order_.size(); ++i) {
    if (order_[i]->running) Advance(*order_[i], now, next);
  }
  return next;
}

bool TaskManager::TakeLocks(Task& task, TaskStage& stage, double now, double& next,
                            std::string& error) {
  TaskContext context{core_, task};
  while (task.locks_taken_ < stage.locks.size()) {
    const LockNeed& need = stage.locks[task.locks_taken_];
    if (core_.locks.TryAcquire(need.name, task.upid, need.shared, now)) {
      ++task.locks_taken_;
      task.lock_deadline_ = -1;
      continue;
    }
    if (task.lock_deadline_ < 0) {
      task.lock_deadline_ = now + need.timeout * core_.clock.Scale();
      if (stage.on_wait) stage.on_wait(context);
    }
    if (now >= task.lock_deadline_) {
      error = LockTable::TimeoutMessage(need.name);
      return true;
    }
    next = std::min(next, task.lock_deadline_);
    return false;
  }
  return true;
}

void TaskManager::Advance(Task& task, double now, double& next) {
  TaskContext context{core_, task};
  while (task.running) {
    if (now < task.ready_at_) {
      next = std::min(next, task.ready_at_);
      return;
    }
    if (task.stage_ == task.spec_.stages.size()) return Finish(task);
    TaskStage& stage = task.spec_.stages[task.stage_];
    if (stage.fault_point && task.fault_) {
      TaskFault fault = *std::exchange(task.fault_, std::nullopt);
      if (fault.kind == TaskFault::Kind::kFail) return Fail(task, fault.exitstatus);
      if (fault.kind == TaskFault::Kind::kHang) task.hanging_ = true;
      for (int i = 0; fault.kind == TaskFault::Kind::kWarnings && i < fault.warnings; ++i) {
        context.Warn("simulated warning " + std::to_string(i + 1));
      }
    }
    if (task.hanging_) return;
    std::string error;
    if (!TakeLocks(task, stage, now, next, error)) return;
    task.locks_taken_ = 0;
    task.lock_deadline_ = -1;
    if (error.empty()) {
      try {
        if (stage.run) stage.run(context);
      } catch (const std::exception& e) {
        error = Trim(e.what());
      }
    }
    ++task.stage_;
    if (error.empty()) {
      task.ready_at_ = now + stage.duration * core_.clock.Scale();
    } else if (stage.on_error) {
      stage.on_error(context, error);
    } else {
      return Fail(task, error);
    }
  }
}

void TaskManager::Finish(Task& task) {
  task.log.push_back(task.warnings ? "TASK WARNINGS: " + std::to_string(task.warnings) : "TASK OK");
  task.exitstatus = task.warnings ? "WARNINGS: " + std::to_string(task.warnings) : "OK";
  task.running = false;
  task.endtime = core_.clock.NowSeconds();
  finished_.push_back(&task);
  core_.locks.ReleaseAll(task.upid);
}

void TaskManager::Fail(Task& task, const std::string& error) {
  TaskContext context{core_, task};
  if (task.spec_.on_failure) {
    try {
      task.spec_.on_failure(context, error);
    } catch (const std::exception& e) {
      context.Warn(Trim(e.what()));
    }
  }
  std::string status = FirstLine(error);
  task.log.push_back("TASK ERROR: " + status);
  task.exitstatus = status;
  task.running = false;
  task.endtime = core_.clock.NowSeconds();
  finished_.push_back(&task);
  core_.locks.ReleaseAll(task.upid);
}

}  // namespace pvesim
