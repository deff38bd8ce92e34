#include "pvesim/faults.h"

#include <set>

#include "pvesim/api_error.h"

namespace pvesim {

namespace {

const std::set<std::string> kRequestActions = {"status", "drop", "latency"};
const std::set<std::string> kTaskActions = {"task_fail", "task_warnings", "task_hang"};
const std::set<std::string> kDropMoments = {"", "before", "after"};

ApiError BadRule(const std::string& reason) {
  return ApiError(400, "invalid fault rule: " + reason);
}

std::string StringField(const nlohmann::json& rule, const char* name) {
  if (!rule.contains(name)) return "";
  if (!rule[name].is_string()) throw BadRule(std::string("'") + name + "' must be a string");
  return rule[name].get<std::string>();
}

int IntField(const nlohmann::json& rule, const char* name, int fallback) {
  if (!rule.contains(name)) return fallback;
  if (!rule[name].is_number_integer())
    throw BadRule(std::string("'") + name + "' must be an integer");
  return rule[name].get<int>();
}

void CheckActionFields(const std::string& action, const nlohmann::json& rule) {
  if (action == "status") {
    int status = IntField(rule, "status", 0);
    if (status < 100 || status > 599) throw BadRule("'status' must be an HTTP status code");
  }
  if (action == "latency" && IntField(rule, "ms", -1) < 0) throw BadRule("'ms' is required");
  if (action == "drop" && !kDropMoments.count(StringField(rule, "when"))) {
    throw BadRule("'when' must be \"before\" or \"after\"");
  }
  if (kTaskActions.count(action) && StringField(rule, "task_type").empty()) {
    throw BadRule("'task_type' is required");
  }
  if (action == "task_warnings" && IntField(rule, "warnings", 1) < 1) {
    throw BadRule("'warnings' must be at least 1");
  }
}

}  // namespace

void Faults::Add(const nlohmann::json& rule) {
  if (!rule.is_object()) throw BadRule("a rule must be a JSON object");
  std::string action = StringField(rule, "action");
  if (!kRequestActions.count(action) && !kTaskActions.count(action)) {
    throw BadRule("unknown action '" + action + "'");
  }
  CheckActionFields(action, rule);
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
  parsed.remaining = IntField(rule, "count", -1);
  if (parsed.remaining == 0 || parsed.remaining < -1) throw BadRule("'count' must be positive");
  parsed.task_type = StringField(rule, "task_type");
  if (rule.contains("vmid")) parsed.task_id = std::to_string(IntField(rule, "vmid", 0));
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

void Faults::Consume(std::vector<Rule>& rules, size_t index) {
  if (rules[index].remaining > 0 && --rules[index].remaining == 0) {
    rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(index));
  }
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
    taken.push_back({RequestFault::Kind::kLatency, 0, "", IntField(rule.source, "ms", 0)});
    size_t before = rules_.size();
    Consume(rules_, i);
    if (rules_.size() == before) ++i;
  }
  for (size_t i = 0; i < rules_.size(); ++i) {
    const Rule& rule = rules_[i];
    if ((rule.action != "status" && rule.action != "drop") || !Matches(rule, method, path)) {
      continue;
    }
    RequestFault fault;
    fault.kind = rule.action == "drop" ? RequestFault::Kind::kDrop : RequestFault::Kind::kStatus;
    fault.status = IntField(rule.source, "status", 0);
    fault.message = StringField(rule.source, "message");
    fault.after = StringField(rule.source, "when") == "after";
    taken.push_back(fault);
    Consume(rules_, i);
    break;
  }
  return taken;
}

std::optional<TaskFault> Faults::TakeForTask(const std::string& type, const std::string& id,
                                             const std::string& method, const std::string& path) {
  for (size_t i = 0; i < rules_.size(); ++i) {
    const Rule& rule = rules_[i];
    if (!kTaskActions.count(rule.action) || rule.task_type != type) continue;
    if (rule.task_id && *rule.task_id != id) continue;
    if (!Matches(rule, method, path)) continue;
    TaskFault fault;
    if (rule.action == "task_fail") {
      fault.kind = TaskFault::Kind::kFail;
      fault.exitstatus = StringField(rule.source, "exitstatus");
      if (fault.exitstatus.empty()) fault.exitstatus = "simulated failure";
    } else if (rule.action == "task_warnings") {
      fault.kind = TaskFault::Kind::kWarnings;
      fault.warnings = IntField(rule.source, "warnings", 1);
    } else {
      fault.kind = TaskFault::Kind::kHang;
    }
    Consume(rules_, i);
    return fault;
  }
  return std::nullopt;
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
