#pragma once

#include <optional>
#include <string>

#include "simcommon/fault_rules.h"

namespace vm6sim {

// What task rules do to a task when it is registered.
struct TaskFault {
  std::optional<std::string> fail_output;  // task_fail: ends in "fail" with this output
  bool hang = false;                       // task_hang: runs until the faults are cleared
  double invisible_seconds = 0;            // task_invisible: listed this much later
};

// Fault rules from POST /_sim/faults (README, "Control API"). Request rules (status, drop,
// latency; simcommon::FaultRules) match on `method` and a `path` regex searched in the request
// path; status answers instead of the request. Task rules (task_fail, task_hang, task_invisible)
// match on `task_name` and optionally `host`; `asleep` answers the next `requests` API requests
// with 503. Callers hold the simulator lock.
class Faults : public simcommon::FaultRules {
 public:
  Faults();

  // True (and one request used up) while an `asleep` rule is active.
  bool TakeAsleep();
  TaskFault TakeForTask(const std::string& name, int host);
};

}  // namespace vm6sim
