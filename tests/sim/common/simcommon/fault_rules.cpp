#include "simcommon/fault_rules.h"

namespace simcommon {

namespace {

// The checks of the request actions every simulator has.
void CheckRequestAction(const std::string& action, const nlohmann::json& rule) {
  if (action == "status") {
    auto status = RuleInt(rule, "status");
    if (!status || *status < 100 || *status > 599)
      throw BadFaultRule("'status' (an HTTP status code) is required");
  } else if (action == "drop") {
    std::string when = RuleString(rule, "when");
    if (!when.empty() && when != "before" && when != "after")
      throw BadFaultRule("'when' must be \"before\" or \"after\"");
  } else if (action == "latency") {
    auto ms = RuleInt(rule, "ms");
    if (!ms || *ms < 0) throw BadFaultRule("'ms' (milliseconds, at least 0) is required");
  }
}

}  // namespace

std::invalid_argument BadFaultRule(const std::string& reason) {
  return std::invalid_argument("invalid fault rule: " + reason);
}

std::string RuleString(const nlohmann::json& rule, const char* name) {
  if (!rule.contains(name)) return "";
  if (!rule[name].is_string()) throw BadFaultRule(std::string("'") + name + "' must be a string");
  return rule[name].get<std::string>();
}

std::optional<int64_t> RuleInt(const nlohmann::json& rule, const char* name) {
  if (!rule.contains(name)) return std::nullopt;
  if (!rule[name].is_number_integer())
    throw BadFaultRule(std::string("'") + name + "' must be an integer");
  return rule[name].get<int64_t>();
}

FaultRules::FaultRules(FaultSchema schema) : schema_(std::move(schema)) {}

void FaultRules::Add(const nlohmann::json& rule) {
  if (!rule.is_object()) throw BadFaultRule("a rule must be a JSON object");
  std::string action = RuleString(rule, "action");
  auto allowed = schema_.actions.find(action);
  if (allowed == schema_.actions.end()) throw BadFaultRule("unknown action '" + action + "'");
  for (const auto& [key, value] : rule.items()) {
    if (schema_.refuse_other_keys && key != "action" && !allowed->second.count(key))
      throw BadFaultRule("'" + key + "' is not a field of '" + action + "'");
  }
  CheckRequestAction(action, rule);
  FaultRule parsed;
  parsed.source = rule;
  parsed.action = action;
  parsed.method = RuleString(rule, "method");
  std::string target = RuleString(rule, schema_.target.c_str());
  if (!target.empty()) {
    try {
      parsed.target = std::regex(target);
    } catch (const std::regex_error&) {
      throw BadFaultRule("'" + schema_.target + "' is not a valid regular expression");
    }
  }
  parsed.remaining = static_cast<int>(RuleInt(rule, "count").value_or(-1));
  if (rule.contains("count") && parsed.remaining < 1)
    throw BadFaultRule("'count' must be positive");
  if (schema_.check) schema_.check(parsed);
  rules_.push_back(std::move(parsed));
}

void FaultRules::Clear() { rules_.clear(); }

nlohmann::json FaultRules::ToJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const FaultRule& rule : rules_) {
    nlohmann::json entry = rule.source;
    entry["remaining"] = rule.remaining;
    out.push_back(entry);
  }
  return out;
}

bool FaultRules::Matches(const FaultRule& rule, const std::string& method,
                         const std::string& target) const {
  if (!rule.method.empty() && rule.method != method) return false;
  return !rule.target || std::regex_search(target, *rule.target);
}

bool FaultRules::Consume(size_t index) {
  if (rules_[index].remaining > 0 && --rules_[index].remaining == 0) {
    rules_.erase(rules_.begin() + static_cast<std::ptrdiff_t>(index));
    return true;
  }
  return false;
}

void FaultRules::Take(const std::function<bool(const FaultRule&)>& fires, bool first_only) {
  for (size_t i = 0; i < rules_.size();) {
    if (!fires(rules_[i])) {
      ++i;
      continue;
    }
    bool removed = Consume(i);
    if (first_only) return;
    if (!removed) ++i;
  }
}

void FaultRules::TakeEach(const std::function<bool(const FaultRule&)>& fires) {
  Take(fires, false);
}

void FaultRules::TakeFirst(const std::function<bool(const FaultRule&)>& fires) {
  Take(fires, true);
}

std::vector<RequestFault> FaultRules::TakeForRequest(const std::string& method,
                                                     const std::string& target) {
  std::vector<RequestFault> taken;
  TakeEach([&](const FaultRule& rule) {
    if (rule.action != "latency" || !Matches(rule, method, target)) return false;
    taken.push_back({RequestFault::Kind::kLatency, static_cast<int>(*RuleInt(rule.source, "ms")),
                     false, nullptr});
    return true;
  });
  TakeFirst([&](const FaultRule& rule) {
    bool drop = rule.action == "drop";
    if ((!drop && !schema_.answers.count(rule.action)) || !Matches(rule, method, target))
      return false;
    if (drop) {
      taken.push_back(
          {RequestFault::Kind::kDrop, 0, RuleString(rule.source, "when") == "after", nullptr});
    } else {
      taken.push_back({RequestFault::Kind::kAnswer, 0, false, rule.source});
    }
    return true;
  });
  return taken;
}

}  // namespace simcommon
