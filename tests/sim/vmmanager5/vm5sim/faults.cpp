#include "vm5sim/faults.h"

namespace vm5sim {

namespace {

using simcommon::BadFaultRule;
using simcommon::FaultRule;
using simcommon::RuleString;

simcommon::FaultSchema Schema() {
  simcommon::FaultSchema schema;
  schema.target = "func";
  schema.actions = {
      {"error", {"type", "object", "msg", "method", "func", "count"}},
      {"drop", {"when", "method", "func", "count"}},
      {"status", {"status", "method", "func", "count"}},
      {"latency", {"ms", "method", "func", "count"}},
      {"install_fail", {"vm", "count"}},
      {"install_hang", {"vm", "count"}},
  };
  schema.answers = {"error", "status"};
  schema.check = [](FaultRule& rule) {
    if (rule.action == "error") {
      if (RuleString(rule.source, "type").empty())
        throw BadFaultRule("'type' (the error type) is required");
      RuleString(rule.source, "object");
      RuleString(rule.source, "msg");
    }
    simcommon::RuleInt(rule.source, "vm");
  };
  return schema;
}

}  // namespace

Faults::Faults() : FaultRules(Schema()) {}

InstallFault Faults::TakeForInstall(int vm) {
  InstallFault fault;
  // One install rule per install: the first that matches decides.
  TakeFirst([&](const FaultRule& rule) {
    bool install_rule = rule.action == "install_fail" || rule.action == "install_hang";
    auto only = simcommon::RuleInt(rule.source, "vm");
    if (!install_rule || (only && *only != vm)) return false;
    fault.fail = rule.action == "install_fail";
    fault.hang = rule.action == "install_hang";
    return true;
  });
  return fault;
}

}  // namespace vm5sim
