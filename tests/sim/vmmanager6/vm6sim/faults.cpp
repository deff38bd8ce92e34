#include "vm6sim/faults.h"

#include <map>
#include <set>
#include <stdexcept>

namespace vm6sim {

namespace {

std::invalid_argument BadRule(const std::string& reason) {
  return std::invalid_argument("invalid fault rule: " + reason);
}

// The keys each action accepts besides "action"; anything else is refused, so that a typo in a
// test does not silently make a rule match everything.
const std::map<std::string, std::set<std::string>>& AllowedKeys() {
  static const std::map<std::string, std::set<std::string>> kKeys = {
      {"status", {"status", "code", "msg", "method", "path", "count"}},
      {"drop", {"when", "method", "path", "count"}},
      {"latency", {"ms", "method", "path", "count"}},
      {"task_fail", {"task_name", "output", "host", "count"}},
      {"task_hang", {"task_name", "host", "count"}},
      {"task_invisible", {"seconds", "task_name", "host", "count"}},
      {"asleep", {"requests"}},
  };
  return kKeys;
}

std::string StringField(const nlohmann::json& rule, const char* name) {
  if (!rule.contains(name)) return "";
  if (!rule[name].is_string()) throw BadRule(std::string("'") + name + "' must be a string");
  return rule[name].get<std::string>();
}

std::optional<int64_t> IntField(const nlohmann::json& rule, const char* name) {
  if (!rule.contains(name)) return std::nullopt;
  if (!rule[name].is_number_integer())
    throw BadRule(std::string("'") + name + "' must be an integer");
  return rule[name].get<int64_t>();
}

bool IsTaskAction(const std::string& action) { return action.rfind("task_", 0) == 0; }

}  // namespace

void Faults::Add(const nlohmann::json& rule) {
  if (!rule.is_object()) throw BadRule("a rule must be a JSON object");
  std::string action = StringField(rule, "action");
  auto allowed = AllowedKeys().find(action);
  if (allowed == AllowedKeys().end()) throw BadRule("unknown action '" + action + "'");
  for (const auto& [key, value] : rule.items()) {
    if (key != "action" && !allowed->second.count(key))
      throw BadRule("'" + key + "' is not a field of '" + action + "'");
  }
  Rule parsed;
  parsed.source = rule;
  parsed.action = action;
  parsed.method = StringField(rule, "method");
  std::string path = StringField(rule, "path");
  if (!path.empty()) {
    try {
      parsed.path = std::regex(path);
    } catch (const std::regex_error&) {
      throw BadRule("'path' is not a valid regular expression");
    }
  }
  parsed.task_name = StringField(rule, "task_name");
  if (auto host = IntField(rule, "host")) parsed.host = static_cast<int>(*host);
  parsed.remaining = static_cast<int>(IntField(rule, "count").value_or(-1));
  if (rule.contains("count") && parsed.remaining < 1) throw BadRule("'count' must be positive");
  if (action == "status") {
    auto status = IntField(rule, "status");
    if (!status || *status < 100 || *status > 599)
      throw BadRule("'status' (an HTTP status code) is required");
    IntField(rule, "code");
    StringField(rule, "msg");
  } else if (action == "drop") {
    std::string when = StringField(rule, "when");
    if (!when.empty() && when != "before" && when != "after")
      throw BadRule("'when' must be \"before\" or \"after\"");
  } else if (action == "latency") {
    auto ms = IntField(rule, "ms");
    if (!ms || *ms < 0) throw BadRule("'ms' (milliseconds, at least 0) is required");
  } else if (action == "asleep") {
    auto requests = IntField(rule, "requests");
    if (!requests || *requests < 1) throw BadRule("'requests' (at least 1) is required");
    parsed.remaining = static_cast<int>(*requests);
  } else if (action == "task_invisible") {
    if (!rule.contains("seconds") || !rule["seconds"].is_number() ||
        rule["seconds"].get<double>() < 0)
      throw BadRule("'seconds' (a number, at least 0) is required");
  } else if (parsed.task_name.empty()) {
    throw BadRule("'task_name' is required");
  }
  if (action == "task_fail") StringField(rule, "output");
  rules_.push_back(std::move(parsed));
}

void Faults::Clear() { rules_.clear(); }

nlohmann::json Faults::ToJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const Rule& rule : rules_) {
    nlohmann::json entry = rule.source;
    entry["remaining"] = rule.remaining;
    out.push_back(entry);
  }
  return out;
}

bool Faults::Matches(const Rule& rule, const std::string& method, const std::string& path) {
  if (!rule.method.empty() && rule.method != method) return false;
  return !rule.path || std::regex_search(path, *rule.path);
}

bool Faults::Consume(size_t index) {
  if (rules_[index].remaining > 0 && --rules_[index].remaining == 0) {
    rules_.erase(rules_.begin() + static_cast<std::ptrdiff_t>(index));
    return true;
  }
  return false;
}

bool Faults::TakeAsleep() {
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].action != "asleep") continue;
    Consume(i);
    return true;
  }
  return false;
}

std::vector<RequestFault> Faults::TakeForRequest(const std::string& method,
                                                 const std::string& path) {
  std::vector<RequestFault> taken;
  for (size_t i = 0; i < rules_.size();) {
    const Rule& rule = rules_[i];
    if (rule.action != "latency" || !Matches(rule, method, path)) {
      ++i;
      continue;
    }
    RequestFault fault;
    fault.kind = RequestFault::Kind::kLatency;
    fault.ms = static_cast<int>(rule.source["ms"].get<int64_t>());
    taken.push_back(fault);
    if (!Consume(i)) ++i;
  }
  for (size_t i = 0; i < rules_.size(); ++i) {
    const Rule& rule = rules_[i];
    if ((rule.action != "status" && rule.action != "drop") || !Matches(rule, method, path))
      continue;
    RequestFault fault;
    fault.kind = rule.action == "drop" ? RequestFault::Kind::kDrop : RequestFault::Kind::kStatus;
    fault.status = static_cast<int>(rule.source.value("status", 0));
    fault.code = static_cast<int>(rule.source.value("code", 0));
    fault.msg = StringField(rule.source, "msg");
    fault.after = StringField(rule.source, "when") == "after";
    taken.push_back(fault);
    Consume(i);
    break;
  }
  return taken;
}

TaskFault Faults::TakeForTask(const std::string& name, int host) {
  TaskFault fault;
  bool decided = false;  // one of task_fail / task_hang per task
  for (size_t i = 0; i < rules_.size();) {
    const Rule& rule = rules_[i];
    bool task_rule = IsTaskAction(rule.action);
    bool name_ok = rule.task_name.empty() || rule.task_name == name;
    bool host_ok = !rule.host || *rule.host == host;
    bool applies = task_rule && name_ok && host_ok &&
                   (rule.action == "task_invisible" ? fault.invisible_seconds == 0 : !decided);
    if (!applies) {
      ++i;
      continue;
    }
    if (rule.action == "task_invisible") {
      fault.invisible_seconds = rule.source["seconds"].get<double>();
    } else if (rule.action == "task_fail") {
      std::string output = StringField(rule.source, "output");
      fault.fail_output = output.empty() ? "Simulated failure" : output;
      decided = true;
    } else {
      fault.hang = true;
      decided = true;
    }
    if (!Consume(i)) ++i;
  }
  return fault;
}

}  // namespace vm6sim
