#include "vm6sim/faults.h"

namespace vm6sim {

namespace {

using simcommon::BadFaultRule;
using simcommon::FaultRule;
using simcommon::RuleInt;
using simcommon::RuleString;

void CheckRule(FaultRule& rule) {
  const nlohmann::json& source = rule.source;
  RuleInt(source, "host");
  std::string task_name = RuleString(source, "task_name");
  if (rule.action == "status") {
    RuleInt(source, "code");
    RuleString(source, "msg");
  } else if (rule.action == "asleep") {
    auto requests = RuleInt(source, "requests");
    if (!requests || *requests < 1) throw BadFaultRule("'requests' (at least 1) is required");
    rule.remaining = static_cast<int>(*requests);
  } else if (rule.action == "task_invisible") {
    if (!source.contains("seconds") || !source["seconds"].is_number() ||
        source["seconds"].get<double>() < 0)
      throw BadFaultRule("'seconds' (a number, at least 0) is required");
  } else if (rule.action == "task_fail" || rule.action == "task_hang") {
    if (task_name.empty()) throw BadFaultRule("'task_name' is required");
  }
  if (rule.action == "task_fail") RuleString(source, "output");
}

simcommon::FaultSchema Schema() {
  simcommon::FaultSchema schema;
  schema.target = "path";
  schema.actions = {
      {"status", {"status", "code", "msg", "method", "path", "count"}},
      {"drop", {"when", "method", "path", "count"}},
      {"latency", {"ms", "method", "path", "count"}},
      {"task_fail", {"task_name", "output", "host", "count"}},
      {"task_hang", {"task_name", "host", "count"}},
      {"task_invisible", {"seconds", "task_name", "host", "count"}},
      {"asleep", {"requests"}},
  };
  schema.answers = {"status"};
  schema.check = CheckRule;
  return schema;
}

bool IsTaskAction(const std::string& action) { return action.rfind("task_", 0) == 0; }

}  // namespace

Faults::Faults() : FaultRules(Schema()) {}

bool Faults::TakeAsleep() {
  bool asleep = false;
  TakeFirst([&](const FaultRule& rule) {
    if (rule.action == "asleep") asleep = true;
    return asleep;
  });
  return asleep;
}

TaskFault Faults::TakeForTask(const std::string& name, int host) {
  TaskFault fault;
  bool decided = false;  // one of task_fail / task_hang per task
  TakeEach([&](const FaultRule& rule) {
    std::string task_name = RuleString(rule.source, "task_name");
    auto only_host = RuleInt(rule.source, "host");
    bool name_ok = task_name.empty() || task_name == name;
    bool host_ok = !only_host || *only_host == host;
    bool applies = IsTaskAction(rule.action) && name_ok && host_ok &&
                   (rule.action == "task_invisible" ? fault.invisible_seconds == 0 : !decided);
    if (!applies) return false;
    if (rule.action == "task_invisible") {
      fault.invisible_seconds = rule.source["seconds"].get<double>();
    } else if (rule.action == "task_fail") {
      std::string output = RuleString(rule.source, "output");
      fault.fail_output = output.empty() ? "Simulated failure" : output;
      decided = true;
    } else {
      fault.hang = true;
      decided = true;
    }
    return true;
  });
  return fault;
}

}  // namespace vm6sim
