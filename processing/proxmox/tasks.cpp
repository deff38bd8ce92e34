#include "proxmox/tasks.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "http/form.h"
#include "proxmox/errors.h"

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

TaskResult WaitForTask(Api& api, const std::string& upid, const PollingPolicy& policy) {
  Upid parsed = ParseUpid(upid);
  std::string path = "/nodes/" + parsed.node + "/tasks/" + http::PercentEncode(upid) + "/status";
  auto pause = policy.first;
  std::chrono::milliseconds waited{0};
  int unknown = 0;
  while (true) {
    nlohmann::json status;
    try {
      status = api.Get(path);
    } catch (const ApiError& error) {
      if (error.status() != 400 || ++unknown > kUnknownTaskRetries) throw;
    }
    if (status.is_object() && status.value("status", "") == "stopped") {
      std::string exit = status.value("exitstatus", "unexpected status");
      if (exit == "OK") return {exit, false};
      if (exit.rfind("WARNINGS", 0) == 0) return {exit, true};
      throw TaskError(parsed.type, exit);
    }
    if (waited >= policy.limit) throw TaskTimeout(upid);
    api.Sleep(pause);
    waited += pause;
    pause = std::min(policy.max, std::chrono::milliseconds(static_cast<long>(pause.count() * policy.growth)));
  }
}

}  // namespace pm::proxmox
