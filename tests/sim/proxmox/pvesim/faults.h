#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "pvesim/tasks.h"

namespace pvesim {

// What a matching request fault does to one API request.
struct RequestFault {
  enum class Kind { kStatus, kDrop, kLatency };
  Kind kind = Kind::kStatus;
  int status = 0;
  std::string message;
  int ms = 0;
  bool after = false;  // drop: execute the request, then lose its answer
};

// Fault rules from POST /_sim/faults. Request rules (status, drop, latency) match on method and
// a path regex (searched in the request path); a drop closes the connection "before" the request
// runs (default) or "after" it ran; task rules (task_fail, task_warnings, task_hang)
// match on the task type, optionally its id and the request that starts it. `count` limits how
// often a rule fires (default: until cleared). Callers hold the simulator lock.
class Faults {
 public:
  // Throws a 400 ApiError for malformed rules.
  void Add(const nlohmann::json& rule);
  void Clear();
  nlohmann::json ToJson() const;

  // Consumes the matching request rules: every latency rule, then the first status/drop rule.
  std::vector<RequestFault> TakeForRequest(const std::string& method, const std::string& path);
  std::optional<TaskFault> TakeForTask(const std::string& type, const std::string& id,
                                       const std::string& method, const std::string& path);

  // Config locks set by stuck_lock faults, so that clearing the faults can lift them.
  void RememberStuckLock(int vmid, const std::string& lock);
  std::vector<std::pair<int, std::string>> TakeStuckLocks();
  // Nodes taken off the cluster by node_offline faults, so that clearing the faults can bring
  // them back.
  void RememberOfflineNode(const std::string& node);
  std::vector<std::string> TakeOfflineNodes();

 private:
  struct Rule {
    nlohmann::json source;
    std::string action;
    std::string method;
    std::optional<std::regex> path;
    int remaining = -1;  // -1: unlimited
    std::string task_type;
    std::optional<std::string> task_id;
  };
  static bool Matches(const Rule& rule, const std::string& method, const std::string& path);
  static void Consume(std::vector<Rule>& rules, size_t index);

  std::vector<Rule> rules_;
  std::vector<std::pair<int, std::string>> stuck_locks_;
  std::vector<std::string> offline_nodes_;
};

}  // namespace pvesim
