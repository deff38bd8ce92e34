#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace vm6sim {

// What a matching request rule does to one API request.
struct RequestFault {
  enum class Kind { kStatus, kDrop, kLatency };
  Kind kind = Kind::kStatus;
  int status = 0;
  int code = 0;
  std::string msg;
  int ms = 0;
  bool after = false;  // drop: execute the request, then lose its answer
};

// What task rules do to a task when it is registered.
struct TaskFault {
  std::optional<std::string> fail_output;  // task_fail: ends in "fail" with this output
  bool hang = false;                       // task_hang: runs until the faults are cleared
  double invisible_seconds = 0;            // task_invisible: listed this much later
};

// Fault rules from POST /_sim/faults (README, "Control API"). Request rules (status, drop,
// latency) match on `method` and a `path` regex searched in the request path; task rules
// (task_fail, task_hang, task_invisible) on `task_name` and optionally `host`; `asleep` answers
// the next `requests` API requests with 503. `count` limits how often a rule fires (default:
// until cleared). Callers hold the simulator lock.
class Faults {
 public:
  // Throws std::invalid_argument for malformed rules.
  void Add(const nlohmann::json& rule);
  void Clear();
  nlohmann::json ToJson() const;

  // True (and one request used up) while an `asleep` rule is active.
  bool TakeAsleep();
  // Every matching latency rule, then the first matching status or drop rule.
  std::vector<RequestFault> TakeForRequest(const std::string& method, const std::string& path);
  TaskFault TakeForTask(const std::string& name, int host);

 private:
  struct Rule {
    nlohmann::json source;
    std::string action;
    std::string method;
    std::optional<std::regex> path;
    std::string task_name;
    std::optional<int> host;
    int remaining = -1;  // -1: unlimited
  };
  static bool Matches(const Rule& rule, const std::string& method, const std::string& path);
  // Uses one firing of rules_[index]; returns true if the rule was removed.
  bool Consume(size_t index);

  std::vector<Rule> rules_;
};

}  // namespace vm6sim
