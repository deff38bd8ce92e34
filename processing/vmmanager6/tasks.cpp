#include "vmmanager6/tasks.h"

#include <algorithm>

#include "vmmanager6/errors.h"
#include "vmmanager6/fields.h"
#include "vmmanager6/where.h"

namespace pm::vmmanager6 {
namespace {

struct TaskState {
  bool listed = false;
  std::string status;
  std::string output;
};

TaskState Look(Api& api, const Task& task) {
  auto where = Where::All({Where::Eq("consul_id", task.consul_id), Where::Eq("name", task.name)});
  nlohmann::json reply = api.Get("/vm/v3/task", where.Query());
  if (!reply.is_object() || !reply.contains("list") || !reply["list"].is_array()) {
    throw UnexpectedAnswer("VMmanager's task list has no list");
  }
  TaskState state;
  for (const auto& row : reply["list"]) {
    if (!row.is_object() || !row.contains("status") || !row["status"].is_string()) continue;
    state.listed = true;
    state.status = row["status"].get<std::string>();
    if (row.contains("output") && row["output"].is_string()) state.output = row["output"].get<std::string>();
  }
  return state;
}

}  // namespace

std::optional<Task> TaskIn(const nlohmann::json& reply, const std::string& field, const std::string& name) {
  if (!reply.is_object() || !reply.contains(field) || reply[field].is_null()) return std::nullopt;
  const auto& id = reply[field];
  if (id.is_number_integer()) return Task{id.get<long long>(), name};
  throw UnexpectedAnswer("VMmanager's answer names its " + name + " task by " + id.dump() + ", not a number");
}

std::optional<Task> FindHostTask(Api& api, long long host, const std::string& name, Which which) {
  auto where = Where::All({Where::Eq("host.id", host), Where::Eq("name", name)});
  std::optional<Task> latest;
  for (const auto& row : ListOf(api.Get("/vm/v3/task", where.Query()), "task")) {
    if (which == Which::Unfinished && row.contains("status") && row["status"].is_string() &&
        (row["status"] == "complete" || row["status"] == "fail")) {
      continue;
    }
    long long id = Id(row, "consul_id");
    if (!latest || id > latest->consul_id) latest = Task{id, name};
  }
  return latest;
}

void WaitTask(Api& api, const Task& task, const PollingPolicy& policy) {
  std::chrono::milliseconds waited{0};
  std::chrono::milliseconds pause = policy.first;
  for (;;) {
    TaskState state = Look(api, task);
    if (state.status == "complete") return;
    if (state.status == "fail") throw TaskFailed(task.name, state.output);
    if (waited >= policy.limit) {
      throw TaskTimeout("VMmanager task " + task.name + " (" + std::to_string(task.consul_id) + ") is " +
                        (state.listed ? "still " + state.status : "not listed") + " after " +
                        std::to_string(waited.count() / 1000) + " s; gave up waiting for it");
    }
    api.Sleep(pause);
    waited += pause;
    pause = std::min(policy.max, std::chrono::milliseconds(static_cast<long long>(pause.count() * policy.growth)));
  }
}

bool AwaitUnfinished(Api& api, long long host, std::initializer_list<const char*> names) {
  bool any = false;
  for (const char* name : names) {
    if (auto task = FindHostTask(api, host, name, Which::Unfinished)) {
      WaitTask(api, *task);
      any = true;
    }
  }
  return any;
}

}  // namespace pm::vmmanager6
