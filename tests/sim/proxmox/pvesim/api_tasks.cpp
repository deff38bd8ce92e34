// /nodes/{node}/tasks: list, status, log, stop.
#include "pvesim/api_error.h"
#include "pvesim/handlers.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {

// PVE::UPID::decode.
constexpr const char* kUpidPattern =
    R"(UPID:([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):)";

// $check_task_user on a decoded task: a token sees its own tasks, a user also those of its
// tokens once they show as user + tokenid.
bool OwnsTask(const nlohmann::json& task, const std::string& user) {
  std::string owner = task.at("user");
  if (task.contains("tokenid")) {
    return user == owner + "!" + task.at("tokenid").get<std::string>() || user == owner;
  }
  return user == owner;
}

bool OwnsTask(const Task& task, const std::string& user) {
  return OwnsTask(task.StatusJson(), user);
}

// PVE::UPID::normalize_status_type; a running task has no status yet.
std::string StatusType(const nlohmann::json& task) {
  std::string status = task.value("status", "");
  if (status.empty() || status == "unexpected status") return "unknown";
  if (status == "OK") return "ok";
  if (FullMatch(status, R"(WARNINGS: \d+)")) return "warning";
  return "error";
}

// A Perl truth test: node_tasks ignores an empty or "0" filter.
bool Given(const Call& call, const std::string& name) {
  std::string value = call.Get(name);
  return !value.empty() && value != "0";
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

// $filter_task of node_tasks, before paging: whether a listed task is shown.
bool Wanted(const Call& call, const nlohmann::json& task, bool auditor,
            const std::map<std::string, bool>& statuses) {
  std::string user = task.at("user");
  if (Given(call, "userfilter") &&
      ToLower(user).find(ToLower(call.Get("userfilter"))) == std::string::npos) {
    return false;
  }
  if (!auditor && !OwnsTask(task, call.user)) return false;
  if (Given(call, "typefilter") && task.at("type") != call.Get("typefilter")) return false;
  if (call.Has("vmid") && task.at("id") != call.Get("vmid")) return false;
  if (call.Has("since") && task.at("starttime").get<int64_t>() < call.Int("since")) return false;
  if (call.Has("until") && task.at("starttime").get<int64_t>() > call.Int("until")) return false;
  return statuses.at(StatusType(task));
}

}  // namespace

// PVE::API2::Tasks node_tasks: the running tasks of the 'active' file in the order they were
// started, then the index of finished ones read backwards, each filtered; `total` counts every
// task that passes the filters.
nlohmann::json ListTasks(Call& call) {
  std::string source = call.Get("source", "archive");
  long long start = call.Int("start", 0);
  long long limit = call.Int("limit", 50);
  bool auditor = call.Can("/nodes/" + call.Node(), "Sys.Audit");
  auto statuses = StatusFilter(call);
  std::vector<nlohmann::json> listed;
  for (const Task* task : call.core.tasks.All()) {
    if (task->running && task->node == call.Node() && source != "archive")
      listed.push_back(task->ActiveJson());
  }
  for (const Task* task : call.core.tasks.Archive()) {
    if (task->node == call.Node() && source != "active") listed.push_back(task->ListJson());
  }
  nlohmann::json rows = nlohmann::json::array();
  long long count = 0;
  for (nlohmann::json& task : listed) {
    if (!Wanted(call, task, auditor, statuses)) continue;
    if (count++ < start || static_cast<long long>(rows.size()) >= limit) continue;
    if (!task.contains("status")) task["status"] = "RUNNING";
    rows.push_back(task);
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
