#include "vm6sim/server.h"

#include <stdexcept>

#include "vm6sim/api.h"
#include "vm6sim/core.h"
#include "vm6sim/seed.h"
#include "vm6sim/views.h"

namespace vm6sim {

int Server::Start(const Options& options) {
  return Serve(options, simcommon::SimulatorCertProfile("vm6", "VMmanager 6 simulator"), [&] {
    auto core = std::make_unique<Core>(options);
    core->world = BuildWorld(options.seed, core->clock.Now());
    for (auto& [id, host] : core->world.hosts) host.started_at = core->clock.Now();
    Core* raw = core.get();
    raw->StartScheduler([raw](double now) { return raw->RunDue(now); });
    // The headers of the platform's nginx front.
    return PlainRunning(std::move(core), HandleApiRequest, ControlApi, "nginx");
  });
}

std::optional<nlohmann::json> Server::HostState(int id) const {
  Core& core = Get<Core>();
  std::lock_guard<std::mutex> guard(core.mutex);
  const Host* host = simcommon::FindById(core.world.hosts, id);
  if (!host) return std::nullopt;
  return HostDetail(core, *host, core.clock.Now());
}

std::optional<nlohmann::json> Server::TaskState(int consul_id) const {
  Core& core = Get<Core>();
  std::lock_guard<std::mutex> guard(core.mutex);
  const Task* task = core.TaskByConsul(consul_id);
  if (!task) return std::nullopt;
  nlohmann::json row = TaskRow(*task);
  row["visible"] = task->visible_at <= core.clock.Now();
  return row;
}

std::string Server::UserToken(const std::string& id_or_email) {
  Core& core = Get<Core>();
  std::lock_guard<std::mutex> guard(core.mutex);
  Account* account = core.world.FindAccountByEmail(id_or_email);
  if (!account && !id_or_email.empty() &&
      id_or_email.find_first_not_of("0123456789") == std::string::npos && id_or_email.size() < 10)
    account = simcommon::FindById(core.world.accounts, std::stoi(id_or_email));
  if (!account) throw std::invalid_argument("no account " + id_or_email);
  nlohmann::json key = IssueKey(core, *account);
  return RedeemKey(core, key["key"].get<std::string>())["token"].get<std::string>();
}

std::optional<std::string> Server::WaitTask(int consul_id, double timeout_seconds) const {
  Core& core = Get<Core>();
  std::unique_lock<std::mutex> lock(core.mutex);
  if (!core.TaskByConsul(consul_id)) return std::nullopt;
  core.WaitUntil(lock, timeout_seconds, [&] {
    const Task* task = core.TaskByConsul(consul_id);
    return core.stopping || (task && task->Ended());
  });
  const Task* task = core.TaskByConsul(consul_id);
  if (!task || !task->Ended()) return std::nullopt;
  return task->status;
}

}  // namespace vm6sim
