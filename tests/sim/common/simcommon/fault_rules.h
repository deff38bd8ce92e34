#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace simcommon {

// "invalid fault rule: <reason>", how every simulator refuses a malformed rule.
std::invalid_argument BadFaultRule(const std::string& reason);
// A field of a rule, type-checked (BadFaultRule otherwise); "" or nullopt when absent.
std::string RuleString(const nlohmann::json& rule, const char* name);
std::optional<int64_t> RuleInt(const nlohmann::json& rule, const char* name);

struct FaultRule {
  nlohmann::json source;  // as given
  std::string action;
  std::string method;                // empty: any
  std::optional<std::regex> target;  // searched in the request's target; none: any
  int remaining = -1;                // -1: until cleared
};

// What one request rule does to a request (FaultRules::TakeForRequest).
struct RequestFault {
  enum class Kind { kLatency, kDrop, kAnswer };
  Kind kind = Kind::kAnswer;
  int ms = 0;           // latency: how long the request waits first
  bool after = false;   // drop: run the request, then lose its answer (default: before it runs)
  nlohmann::json rule;  // answer: the rule; the simulator answers from its fields instead
};

// How a simulator's rules look.
struct FaultSchema {
  // The rule key holding the regex searched in the request's target: "path", or vm5-sim's
  // "func" (the request's func parameter).
  std::string target;
  // Each action and the keys it takes besides "action".
  std::map<std::string, std::set<std::string>> actions;
  // Whether other keys are refused, so that a typo in a test does not silently make a rule
  // match every request (pve-sim has always taken any key).
  bool refuse_other_keys = true;
  // The request actions that answer in place of the request: "status", vm5-sim's "error".
  std::set<std::string> answers;
  // Checks the simulator's own fields of a rule about to be added (throws BadFaultRule) and may
  // set its `remaining` (vm6-sim's asleep counts requests).
  std::function<void(FaultRule& rule)> check;
};

// The rules of POST /_sim/faults. Every simulator's request rules work alike (their README,
// "Fault rules"): they match on an optional `method` and the target regex; `latency` (ms) delays
// the request, `drop` closes the connection before it runs (`when` "before", the default) or
// loses the answer of one that ran ("after"), and an answer rule answers instead of it. `count`
// limits how often a rule fires (default: until cleared). A simulator's other rules (installs,
// tasks) are its own, taken with TakeEach/TakeFirst. Callers hold the simulator lock.
class FaultRules {
 public:
  explicit FaultRules(FaultSchema schema);

  // Throws std::invalid_argument (BadFaultRule) for malformed rules.
  void Add(const nlohmann::json& rule);
  void Clear();
  // The active rules as given, each with its `remaining` count.
  nlohmann::json ToJson() const;

  // Every matching latency rule, then the first matching drop or answer rule; each fires once.
  std::vector<RequestFault> TakeForRequest(const std::string& method, const std::string& target);

 protected:
  bool Matches(const FaultRule& rule, const std::string& method, const std::string& target) const;
  // Walks the rules in order; each one `fires` accepts fires once (and is removed when its count
  // runs out). `fires` may note what the rule does before that.
  void TakeEach(const std::function<bool(const FaultRule&)>& fires);
  // The same, stopping after the first that fires.
  void TakeFirst(const std::function<bool(const FaultRule&)>& fires);

 private:
  // Uses one firing of rules_[index]; true if the rule is used up and was removed.
  bool Consume(size_t index);
  void Take(const std::function<bool(const FaultRule&)>& fires, bool first_only);

  FaultSchema schema_;
  std::vector<FaultRule> rules_;
};

}  // namespace simcommon
