// The task manager: GET /vm/v3/task and /vm/v3/task/{id}.
#include "vm6sim/api.h"
#include "vm6sim/views.h"
#include "vm6sim/where.h"

namespace vm6sim {

namespace {

// A task is listed once its visibility delay has passed; users see the tasks of their hosts.
bool Visible(Call& call, const Task& task) {
  if (task.visible_at > call.Now()) return false;
  if (call.IsAdmin()) return true;
  const Host* host = simcommon::FindById(call.world().hosts, task.host);
  return host && host->account == call.caller->id;
}

Reply Tasks(Call& call) {
  std::vector<nlohmann::json> rows;
  for (const auto& [id, task] : call.core.tasks) {
    if (Visible(call, task)) rows.push_back(TaskRow(task));
  }
  return {200, ListReply(rows, call.query)};
}

Reply OneTask(Call& call) {
  int64_t id = call.Id();
  Task* task = call.core.TaskById(static_cast<int>(id));
  if (!task || !Visible(call, *task)) throw InstanceNotFound(id);
  return {200, TaskRow(*task)};
}

}  // namespace

void AddTaskRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/vm/v3/task", Tasks});
  routes.push_back({"GET", "/vm/v3/task/{id}", OneTask});
}

}  // namespace vm6sim
