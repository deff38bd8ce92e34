#include "proxmox/tasks.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "http/form.h"
#include "proxmox/errors.h"
#include "proxmox/fields.h"

namespace pm::proxmox {
namespace {

// Right after a task is created its status can briefly be unknown to the node (bpg retries 400).
constexpr int kUnknownTaskRetries = 5;

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
  state.running = !status.is_object() || status.value("status", "") != "stopped";
  if (state.running) return state;
  state.exitstatus = status.value("exitstatus", "unexpected status");
  state.ok = state.exitstatus == "OK" || state.exitstatus.rfind("WARNINGS", 0) == 0;
  return state;
}

void StopTask(Api& api, const std::string& upid) { api.Delete(TaskPath(upid)); }

std::vector<std::string> FindTasks(Api& api, const std::string& node, const std::string& type, int vmid, long since) {
  auto rows = api.Get("/nodes/" + node + "/tasks", {{"typefilter", type},
                                                    {"vmid", std::to_string(vmid)},
                                                    {"since", std::to_string(since)},
                                                    {"source", "all"}});
  // PVE lists running tasks before finished ones; a rerun wants the latest start first.
  std::vector<std::pair<long long, std::string>> found;
  for (const auto& row : rows) {
    if (!TextField(row, "upid").empty()) found.emplace_back(NumberField(row, "starttime"), TextField(row, "upid"));
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> upids;
  for (auto& [starttime, upid] : found) upids.push_back(std::move(upid));
  return upids;
}

TaskResult WaitForTask(Api& api, const std::string& upid, const PollingPolicy& policy) {
  std::string type = ParseUpid(upid).type;
  auto pause = policy.first;
  std::chrono::milliseconds waited{0};
  int unknown = 0;
  while (true) {
    std::optional<TaskState> state;
    try {
      state = PollTask(api, upid);
    } catch (const ApiError& error) {
      if (error.status() != 400 || ++unknown > kUnknownTaskRetries) throw;
    }
    if (state && !state->running) {
      if (!state->ok) throw TaskError(type, state->exitstatus);
      return {state->exitstatus, state->exitstatus != "OK"};
    }
    if (waited >= policy.limit) throw TaskTimeout(upid);
    api.Sleep(pause);
    waited += pause;
    pause = std::min(policy.max, std::chrono::milliseconds(static_cast<long>(pause.count() * policy.growth)));
  }
}

}  // namespace pm::proxmox
