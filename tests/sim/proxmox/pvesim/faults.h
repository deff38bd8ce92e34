#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pvesim/tasks.h"
#include "simcommon/fault_rules.h"

namespace pvesim {

// Fault rules from POST /_sim/faults. Request rules (status, drop, latency; simcommon::FaultRules)
// match on method and a path regex (searched in the request path); status answers instead of the
// request. Task rules (task_fail, task_warnings, task_hang) match on the task type, optionally
// its id (`vmid`) and the request that starts it. Rules may carry keys they do not read. Callers
// hold the simulator lock.
class Faults : public simcommon::FaultRules {
 public:
  Faults();

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
  std::vector<std::pair<int, std::string>> stuck_locks_;
  std::vector<std::string> offline_nodes_;
};

}  // namespace pvesim
