#include "vm6sim/core.h"

#include <algorithm>
#include <limits>

namespace vm6sim {

namespace {
constexpr double kNever = std::numeric_limits<double>::infinity();
}  // namespace

Task& Core::NewTask(const std::string& name, int host) {
  double now = clock.Now();
  TaskFault fault = faults.TakeForTask(name, host);
  Task task;
  task.id = next_task_id++;
  task.consul_id = next_consul_id++;
  task.name = name;
  task.host = host;
  task.registration_date = FormatDate(now);
  task.created_at = now;
  task.visible_at = now + (world.task_visible_delay + fault.invisible_seconds) * clock.Scale();
  task.duration = world.TaskDuration(name);
  task.hang = fault.hang;
  task.fail_output = fault.fail_output;
  consul_to_id[task.consul_id] = task.id;
  Task& stored = tasks.emplace(task.id, std::move(task)).first->second;
  changed.notify_all();
  return stored;
}

void Core::FinishAtOnce(Task& task) {
  if (task.hang || task.fail_output) {
    task.duration = 0;
    return;  // the scheduler starts it and lets the fault strike
  }
  double now = clock.Now();
  task.status = "running";
  task.started_at = task.ends_at = task.ended_at = now;
  Finish(task);
}

void Core::Defer(Task& task) {
  task.status = "deferred";
  task.defer_reason = "host_stop";
}

std::vector<int> Core::ReleaseDeferred(int host, double when) {
  std::vector<int> released;
  for (auto& [id, task] : tasks) {
    if (task.host != host || task.status != "deferred") continue;
    task.status = "created";
    task.created_at = when;
    released.push_back(task.consul_id);
  }
  changed.notify_all();
  return released;
}

void Core::FailDeferred(int host, const std::string& output) {
  for (auto& [id, task] : tasks) {
    if (task.host == host && task.status == "deferred") {
      task.ended_at = clock.Now();
      Fail(task, output);
    }
  }
}

void Core::ResumeHungTasks() {
  for (auto& [id, task] : tasks) {
    if (!task.hang) continue;
    task.hang = false;
    if (task.status == "running") task.ends_at = task.started_at + task.duration * clock.Scale();
  }
  changed.notify_all();
}

Task* Core::TaskByConsul(int consul_id) {
  auto it = consul_to_id.find(consul_id);
  return it == consul_to_id.end() ? nullptr : TaskById(it->second);
}

Task* Core::TaskById(int id) {
  auto it = tasks.find(id);
  return it == tasks.end() ? nullptr : &it->second;
}

void Core::Finish(Task& task) {
  if (task.fail_output) return Fail(task, *task.fail_output);
  if (task.on_complete) task.on_complete(*this, task);
  task.status = "complete";
}

void Core::Fail(Task& task, const std::string& output) {
  task.status = "fail";
  task.output = output;
  if (task.on_fail) task.on_fail(*this, task);
}

double Core::RunDue(double now) {
  bool progressed = true;
  while (progressed) {
    progressed = false;
    for (auto& [id, task] : tasks) {
      if (task.status == "created") {
        double start = task.created_at;
        bool ready = true;
        const Task* failed = nullptr;
        for (int consul : task.after) {
          const Task* before = TaskByConsul(consul);
          if (!before) continue;
          if (!before->Ended()) {
            ready = false;
            break;
          }
          start = std::max(start, before->ended_at);
          if (before->status == "fail" && !failed) failed = before;
        }
        if (!ready) continue;
        progressed = true;
        if (failed) {
          task.ended_at = start;
          Fail(task, "Task " + failed->name + " (" + std::to_string(failed->consul_id) +
                         ") failed: " + failed->output);
          continue;
        }
        task.status = "running";
        task.started_at = start;
        task.ends_at = task.hang ? kNever : start + task.duration * clock.Scale();
      }
      if (task.status == "running" && task.ends_at <= now) {
        task.ended_at = task.ends_at;
        Finish(task);
        progressed = true;
      }
    }
  }
  double next = kNever;
  for (const auto& [id, task] : tasks) {
    if (task.status == "running") next = std::min(next, task.ends_at);
  }
  return next;
}

}  // namespace vm6sim
