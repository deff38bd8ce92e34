// The /_sim control API every simulator has (no authentication, JSON bodies): GET /_sim/state,
// GET and DELETE /_sim/requests, GET and POST /_sim/clock, POST, GET and DELETE /_sim/faults.
// Routed here once; each simulator says what the endpoints do and writes the answers its way.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "simcommon/core_base.h"
#include "simcommon/fault_rules.h"
#include "simcommon/https_server.h"

namespace simcommon {

// A refused control request: its HTTP status (400 or 404) and message.
struct ControlError : std::runtime_error {
  ControlError(int status, const std::string& msg) : std::runtime_error(msg), status(status) {}
  int status;
};

// A simulator's part in its control API; the rest is the same for every simulator: the request
// log (CoreBase::requests), the clock ({"now"} and advancing it), and the fault rules (listed,
// added one by one, cleared), after which `changed` is notified.
struct ControlEndpoints {
  ControlEndpoints(CoreBase& core, FaultRules& faults, std::function<nlohmann::json()> state)
      : core(core), faults(faults), state(std::move(state)) {}

  CoreBase& core;
  FaultRules& faults;
  std::function<nlohmann::json()> state;  // GET /_sim/state, besides "faults"
  // What GET and POST /_sim/clock answer besides "now" (vm6-sim's now_text, pve-sim's offset).
  std::function<void(nlohmann::json& clock)> clock_fields;
  // What else DELETE /_sim/faults does (hung installs or tasks end, stuck locks are lifted…).
  std::function<void()> faults_cleared;
  // Fault actions that are no rules: each acts on the state once, now (expire_sessions,
  // pve-sim's stuck_lock), given the rule.
  std::map<std::string, std::function<void(const nlohmann::json& rule)>> acts_now;
  // The simulator's own endpoints (pve-sim's POST /_sim/vms): their answer, nullopt for a
  // request that is none of them.
  std::function<std::optional<nlohmann::json>(const HttpRequest&)> more;
};

// An act of ControlEndpoints::acts_now that takes no fields besides "action".
std::function<void(const nlohmann::json& rule)> TakesNoFields(std::function<void()> act);

// The JSON of a control request's body: {} when empty; ControlError 400 when it is no JSON.
nlohmann::json ControlBody(const HttpRequest& request);

// Runs a control request under the simulator lock; its answer's JSON, null where there is nothing
// to say (the DELETEs). Throws ControlError (400 for a malformed body, 404 for no such endpoint)
// and whatever the endpoints throw (std::invalid_argument for a malformed rule).
nlohmann::json RouteControl(const ControlEndpoints& endpoints, const HttpRequest& request);

// The VMmanager simulators' control answers ("bare JSON answers" in their READMEs): the JSON
// itself ({} for nothing) with 200; errors {"error": {"code": <status>, "msg": ...}}, 400 for
// anything the endpoints throw.
HttpResponse BareControlAnswer(const ControlEndpoints& endpoints, const HttpRequest& request);
// Reads such an answer back: its JSON; std::invalid_argument with the message for an error.
nlohmann::json BareControlResult(const HttpResponse& response);

}  // namespace simcommon
