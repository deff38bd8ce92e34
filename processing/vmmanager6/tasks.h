// Waiting on VMmanager 6 tasks. This is the only poller: a long operation answers with `task`,
// a consul id, and WaitTask follows it in the task list by that id and the task's name (notes A5,
// C3.4) until it is `complete` or `fail`. A task not listed yet is "not yet", within the deadline.
#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>

#include "vmmanager6/api.h"

namespace pm::vmmanager6 {

struct Task {
  long long consul_id = 0;
  std::string name;  // host_create, host_start, …
};

struct PollingPolicy {
  std::chrono::milliseconds first{200};
  std::chrono::milliseconds max{5000};
  double growth = 1.5;
  std::chrono::milliseconds limit{std::chrono::minutes(30)};  // total waiting before giving up
};

// The task `reply[field]` names (the reply of the call that started it); nullopt when the reply
// has none (e.g. a host without a recipe has `recipe_task: null`).
std::optional<Task> TaskIn(const nlohmann::json& reply, const std::string& field, const std::string& name);

// The latest `name` task of host `host`, for a run that lost the answer naming it (a crash, a
// dropped connection); nullopt when the platform lists none. Unfinished: only one still to
// complete or fail, so that a task failed long ago does not stand for the one at hand.
enum class Which { Latest, Unfinished };
std::optional<Task> FindHostTask(Api& api, long long host, const std::string& name, Which which = Which::Latest);

// Waits for each unfinished task of `host` named in `names`, in order: the ones an earlier run
// started and lost the answer of, so that a rerun sees where they lead instead of asking again.
// True when there was any.
bool AwaitUnfinished(Api& api, long long host, std::initializer_list<const char*> names);

// Returns once the task is `complete`; TaskFailed when it is `fail`, TaskTimeout past the limit.
void WaitTask(Api& api, const Task& task, const PollingPolicy& policy = {});

}  // namespace pm::vmmanager6
