#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "simcommon/core_base.h"
#include "simcommon/rng.h"
#include "vm6sim/faults.h"
#include "vm6sim/world.h"

namespace vm6sim {

struct Core;

// A row of the platform's task manager. `task` in API replies is the consul id; `id` is the
// row id that GET /vm/v3/task/{id} takes.
struct Task {
  int id = 0;
  int consul_id = 0;
  std::string name;
  int host = 0;
  std::string status = "created";  // created -> running -> complete | fail; or deferred
  std::optional<std::string> defer_reason;
  std::string registration_date;
  std::string output;

  double created_at = 0;  // simulated time
  double visible_at = 0;  // listed from then on
  double duration = 0;    // simulated seconds (multiplied by the time scale)
  double started_at = 0;
  double ends_at = 0;
  double ended_at = 0;     // the instant it was due to end (effects are dated by it)
  std::vector<int> after;  // consul ids that must end first; a failed one fails this task too
  bool hang = false;
  std::optional<std::string> fail_output;
  std::function<void(Core&, Task&)> on_complete;  // the effect
  std::function<void(Core&, Task&)> on_fail;      // cleanup

  bool Ended() const { return status == "complete" || status == "fail"; }
};

struct Token {
  int id = 0;
  std::string token;
  int account = 0;
  double last_used = 0;  // clock time; the token dies token_ttl seconds after its last use
};

struct LoginKey {
  int id = 0;
  std::string key;
  int account = 0;
  double expires = 0;
};

// Everything the simulator knows, behind the one mutex (CoreBase). Request threads and the task
// scheduler take `mutex`; `changed` is notified whenever tasks progress or the clock jumps.
struct Core : simcommon::CoreBase {
  explicit Core(const simcommon::SimOptions& options) : CoreBase(options) {}
  ~Core() override { Stop(); }

  // Registers a task (status "created", faults resolved). It starts once the tasks in `after`
  // have ended, unless deferred; the scheduler runs it.
  Task& NewTask(const std::string& name, int host);
  // A task that has nothing to do (starting a running host): completes at once unless a fault
  // rule makes it fail or hang.
  void FinishAtOnce(Task& task);
  // Parks a task until its host next stops (status "deferred", defer_reason "host_stop").
  void Defer(Task& task);
  // The host stopped at `when`: its deferred tasks start; their consul ids are returned.
  std::vector<int> ReleaseDeferred(int host, double when);
  // The host is gone: its deferred tasks fail.
  void FailDeferred(int host, const std::string& output);
  // After DELETE /_sim/faults: hung tasks finish their work.
  void ResumeHungTasks();
  Task* TaskByConsul(int consul_id);
  Task* TaskById(int id);

  // Runs what is due; returns the simulated time of the next event.
  double RunDue(double now);

  World world;
  std::map<int, Task> tasks;  // by row id
  std::map<int, int> consul_to_id;
  int next_task_id = 1;
  int next_consul_id = 70001;
  Faults faults;
  simcommon::Rng rng;
  std::map<std::string, Token> tokens;
  int next_token_id = 1;
  std::map<std::string, LoginKey> keys;
  int next_key_id = 1;

 private:
  void Finish(Task& task);
  void Fail(Task& task, const std::string& output);
};

}  // namespace vm6sim
