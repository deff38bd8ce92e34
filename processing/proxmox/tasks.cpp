#include "proxmox/tasks.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "http/form.h"
#include "proxmox/cluster.h"
#include "proxmox/errors.h"
#include "proxmox/fields.h"

namespace pm::proxmox {
namespace {

// Right after a task is created its status can briefly be unknown to the node (bpg retries 400).
constexpr int kUnknownTaskRetries = 5;
// UPID start times are whole seconds; a little slack keeps a task started right at the edge.
constexpr long long kClockMargin = 5;

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

// Task calls must go to the node inside the UPID (notes §5), so the path is built from it.
std::string TaskPath(const std::string& upid, const std::string& tail = "") {
  return "/nodes/" + ParseUpid(upid).node + "/tasks/" + http::PercentEncode(upid) + tail;
}

// Calls `done` with the policy's growing pauses between calls until it is true; false when the
// policy's limit passed first.
bool PollUntil(Api& api, const PollingPolicy& policy, const std::function<bool()>& done) {
  auto pause = policy.first;
  std::chrono::milliseconds waited{0};
  while (!done()) {
    if (waited >= policy.limit) return false;
    api.Sleep(pause);
    waited += pause;
    pause = std::min(policy.max, std::chrono::milliseconds(static_cast<long>(pause.count() * policy.growth)));
  }
  return true;
}

}  // namespace

Upid ParseUpid(const std::string& text) {
  auto parts = Split(text, ':');
  if (parts.size() < 8 || parts[0] != "UPID" || parts[1].empty() || parts[5].empty()) {
    throw std::invalid_argument("not a task id (UPID): '" + text + "'");
  }
  Upid upid{parts[1], parts[5], parts[6], parts[7], 0};
  try {
    upid.starttime = std::stol(parts[4], nullptr, 16);
  } catch (const std::exception&) {
    throw std::invalid_argument("bad start time in UPID '" + text + "'");
  }
  return upid;
}

bool IsUpid(const nlohmann::json& answer) {
  return answer.is_string() && answer.get<std::string>().rfind("UPID:", 0) == 0;
}

TaskState PollTask(Api& api, const std::string& upid) {
  nlohmann::json status = api.Get(TaskPath(upid, "/status"));
  TaskState state;
  // PVE's status is "running" or "stopped"; only "stopped" ends the task.
  state.running = TextField(status, "status") != "stopped";
  if (state.running) return state;
  state.exitstatus = status.contains("exitstatus") ? TextField(status, "exitstatus") : "unexpected status";
  state.ok = state.exitstatus == "OK" || state.exitstatus.rfind("WARNINGS", 0) == 0;
  return state;
}

void StopTask(Api& api, const std::string& upid) { api.Delete(TaskPath(upid)); }

std::vector<TaskRow> FindTasks(Api& api, const std::string& node, const std::string& type, std::optional<int> vmid,
                               long long since) {
  Params query = {{"typefilter", type}, {"since", std::to_string(since)}, {"source", "all"}};
  if (vmid) query.emplace_back("vmid", std::to_string(*vmid));
  std::vector<TaskRow> found;
  for (const auto& row : Rows(api.Get("/nodes/" + node + "/tasks", query))) {
    if (TextField(row, "upid").empty()) continue;
    found.push_back({TextField(row, "upid"), TextField(row, "id"), NumberField(row, "starttime"), NumberField(row, "endtime")});
  }
  // PVE lists running tasks before finished ones; a rerun wants the latest start first.
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.starttime > b.starttime; });
  return found;
}

std::optional<std::string> FindStartedTask(Api& api, const std::string& node, const std::string& type, int vmid,
                                           const LostAnswer& lost) {
  // The cluster's clock, not ours: the two need not agree.
  long long since = lost.sent_at() ? lost.sent_at() : GetNodeTime(api, node).time - lost.elapsed().count() - kClockMargin;
  for (const auto& task : FindTasks(api, node, type, vmid, since)) {
    // An earlier task of the same kind (the same VMID's last start, say) ended before we asked.
    if (task.endtime && task.endtime < since) continue;
    return task.upid;
  }
  return std::nullopt;
}

TaskResult WaitForTask(Api& api, const std::string& upid, const PollingPolicy& policy) {
  std::string type = ParseUpid(upid).type;
  int unknown = 0;
  std::optional<TaskState> state;
  bool ended = PollUntil(api, policy, [&] {
    state.reset();
    try {
      state = PollTask(api, upid);
    } catch (const ApiError& error) {
      if (error.status() != 400 || ++unknown > kUnknownTaskRetries) throw;
    }
    return state && !state->running;
  });
  if (!ended) throw TaskTimeout(upid);
  if (!state->ok) throw TaskError(type, state->exitstatus);
  return {state->exitstatus, state->exitstatus != "OK"};
}

std::string WaitForConfigUnlock(Api& api, const std::function<std::string()>& current_lock,
                                const std::set<std::string>& passing, const PollingPolicy& policy) {
  std::string lock;
  PollUntil(api, policy, [&] {
    lock = current_lock();
    return !passing.count(lock);
  });
  return lock;
}

}  // namespace pm::proxmox
