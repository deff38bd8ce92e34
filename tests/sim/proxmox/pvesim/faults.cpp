#include "pvesim/faults.h"

#include <set>

namespace pvesim {

namespace {

using simcommon::BadFaultRule;
using simcommon::FaultRule;
using simcommon::RuleInt;
using simcommon::RuleString;

const std::set<std::string> kTaskActions = {"task_fail", "task_warnings", "task_hang"};

void CheckRule(FaultRule& rule) {
  std::string task_type = RuleString(rule.source, "task_type");
  if (kTaskActions.count(rule.action) && task_type.empty())
    throw BadFaultRule("'task_type' is required");
  if (rule.action == "task_warnings" && RuleInt(rule.source, "warnings").value_or(1) < 1)
    throw BadFaultRule("'warnings' must be at least 1");
  RuleInt(rule.source, "vmid");
}

simcommon::FaultSchema Schema() {
  simcommon::FaultSchema schema;
  schema.target = "path";
  for (const char* action :
       {"status", "drop", "latency", "task_fail", "task_warnings", "task_hang"})
    schema.actions[action] = {};
  schema.refuse_other_keys = false;
  schema.answers = {"status"};
  schema.check = CheckRule;
  return schema;
}

}  // namespace

Faults::Faults() : FaultRules(Schema()) {}

std::optional<TaskFault> Faults::TakeForTask(const std::string& type, const std::string& id,
                                             const std::string& method, const std::string& path) {
  std::optional<TaskFault> taken;
  TakeFirst([&](const FaultRule& rule) {
    if (!kTaskActions.count(rule.action) || RuleString(rule.source, "task_type") != type)
      return false;
    auto vmid = RuleInt(rule.source, "vmid");
    if (vmid && std::to_string(*vmid) != id) return false;
    if (!Matches(rule, method, path)) return false;
    TaskFault fault;
    if (rule.action == "task_fail") {
      fault.kind = TaskFault::Kind::kFail;
      fault.exitstatus = RuleString(rule.source, "exitstatus");
      if (fault.exitstatus.empty()) fault.exitstatus = "simulated failure";
    } else if (rule.action == "task_warnings") {
      fault.kind = TaskFault::Kind::kWarnings;
      fault.warnings = static_cast<int>(RuleInt(rule.source, "warnings").value_or(1));
    } else {
      fault.kind = TaskFault::Kind::kHang;
    }
    taken = fault;
    return true;
  });
  return taken;
}

void Faults::RememberStuckLock(int vmid, const std::string& lock) {
  stuck_locks_.emplace_back(vmid, lock);
}

std::vector<std::pair<int, std::string>> Faults::TakeStuckLocks() {
  return std::exchange(stuck_locks_, {});
}

void Faults::RememberOfflineNode(const std::string& node) { offline_nodes_.push_back(node); }

std::vector<std::string> Faults::TakeOfflineNodes() { return std::exchange(offline_nodes_, {}); }

}  // namespace pvesim
