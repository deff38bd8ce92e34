// /nodes/{node}/tasks: list, status, log, stop.
#include <algorithm>

#include "pvesim/api_error.h"
#include "pvesim/handlers.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {

constexpr const char* kUpidPattern =
    R"(UPID:([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8,}):([^:\s]+):([^:\s]*):([^:\s]+):)";

// $check_task_user: a token sees its own tasks, a user also those of its tokens.
bool OwnsTask(const Task& task, const std::string& user) {
  if (task.user == user) return true;
  return task.user.rfind(user + "!", 0) == 0 && user.find('!') == std::string::npos;
}

// upid_normalize_status_type.
std::string StatusType(const std::string& status) {
  if (status == "OK") return "ok";
  if (status.rfind("WARNINGS: ", 0) == 0) return "warning";
  if (status == "unexpected status") return "unknown";
  return "error";
}

const Task& ExistingTask(Call& call) {
  std::string upid = call.Get("upid");
  if (!FullMatch(upid, kUpidPattern)) throw ParamError("upid", "unable to parse worker upid");
  const Task* task = call.core.tasks.Find(upid);
  if (!task || task->node != call.Node()) throw ParamError("upid", "no such task");
  return *task;
}

std::map<std::string, bool> StatusFilter(const Call& call) {
  std::map<std::string, bool> wanted = {
      {"ok", true}, {"warning", true}, {"error", true}, {"unknown", true}};
  if (call.Flag("errors")) {
    wanted["ok"] = false;
  } else if (call.Has("statusfilter")) {
    for (auto& [type, on] : wanted) on = false;
    for (const std::string& type : SplitList(call.Get("statusfilter")))
      wanted[ToLower(type)] = true;
  }
  return wanted;
}

}  // namespace

nlohmann::json ListTasks(Call& call) {
  std::string source = call.Get("source", "archive");
  long long start = call.Int("start", 0);
  long long limit = call.Int("limit", 50);
  bool auditor = call.Can("/nodes/" + call.Node(), "Sys.Audit");
  auto wanted = StatusFilter(call);
  std::vector<const Task*> tasks;
  for (const Task* task : call.core.tasks.All()) {
    if (task->node != call.Node()) continue;
    if (task->running ? source == "archive" : source == "active") continue;
    tasks.push_back(task);
  }
  // Running tasks first, then the index file read backwards (latest finished first).
  std::stable_sort(tasks.begin(), tasks.end(), [](const Task* a, const Task* b) {
    if (a->running != b->running) return a->running;
    if (a->running) return a->starttime > b->starttime;
    return a->endtime > b->endtime;
  });
  nlohmann::json rows = nlohmann::json::array();
  long long count = 0;
  for (const Task* task : tasks) {
    std::string userfilter = ToLower(call.Get("userfilter"));
    if (!userfilter.empty() && ToLower(task->user).find(userfilter) == std::string::npos) continue;
    if (!auditor && !OwnsTask(*task, call.user)) continue;
    if (call.Has("typefilter") && task->type != call.Get("typefilter")) continue;
    if (call.Has("vmid") && task->id != call.Get("vmid")) continue;
    if (call.Has("since") && task->starttime < call.Int("since")) continue;
    if (call.Has("until") && task->starttime > call.Int("until")) continue;
    if (!task->running && !wanted[StatusType(task->exitstatus)]) continue;
    if (count++ < start || static_cast<long long>(rows.size()) >= limit) continue;
    rows.push_back(task->ListJson());
  }
  call.total = count;
  return rows;
}

nlohmann::json GetTaskStatus(Call& call) {
  const Task& task = ExistingTask(call);
  if (!OwnsTask(task, call.user)) call.Require("/nodes/" + call.Node(), "Sys.Audit");
  return task.StatusJson();
}

nlohmann::json GetTaskLog(Call& call) {
  std::string upid = call.Get("upid");
  if (!FullMatch(upid, kUpidPattern)) throw ParamError("upid", "unable to parse worker upid");
  const Task* task = call.core.tasks.Find(upid);
  if (task && !OwnsTask(*task, call.user)) call.Require("/nodes/" + call.Node(), "Sys.Audit");
  if (!task || task->node != call.Node()) {
    call.total = 1;
    return {{{"n", 1}, {"t", "unable to open file - No such file or directory"}}};
  }
  long long start = call.Int("start", 0);
  long long limit = call.Int("limit", 50);
  nlohmann::json lines = nlohmann::json::array();
  long long count = 0;
  for (const std::string& line : task->log) {
    ++count;
    if (count <= start) continue;
    if (limit != 0 && static_cast<long long>(lines.size()) >= limit) continue;
    lines.push_back({{"n", count}, {"t", line}});
  }
  if (count == 0) {
    count = 1;
    lines.push_back({{"n", 1}, {"t", "no content"}});
  }
  call.total = count;
  return lines;
}

nlohmann::json StopTask(Call& call) {
  const Task& task = ExistingTask(call);
  if (!OwnsTask(task, call.user)) call.Require("/nodes/" + call.Node(), "Sys.Modify");
  call.core.tasks.Interrupt(task.upid);
  return nullptr;
}

}  // namespace pvesim
