#include "pvesim/node_outage.h"

#include <map>
#include <string>

#include "pvesim/api_error.h"
#include "pvesim/rrd.h"

namespace pvesim {

namespace {

constexpr const char* kDefaultError = "No route to host";

// The connect errors pveproxy can get from a node that is down, with the simulated seconds
// until it gets them: a powered-off host on the LAN fails ARP resolution after about 3 s, a
// running host without pveproxy refuses at once, and a host behind a dropping firewall lets
// the connect run into proxy_request's 30 s timeout.
const std::map<std::string, double>& ConnectErrors() {
  static const std::map<std::string, double> errors = {
      {"No route to host", 3}, {"Connection refused", 0}, {"Connection timed out", 30}};
  return errors;
}

ApiError BadRule(const std::string& reason) {
  return ApiError(400, "invalid fault rule: " + reason);
}

}  // namespace

void TakeNodeOffline(SimCore& core, const nlohmann::json& rule) {
  if (!rule.contains("node") || !rule["node"].is_string()) throw BadRule("'node' is required");
  std::string name = rule["node"].get<std::string>();
  std::string error = rule.value("error", kDefaultError);
  auto known = ConnectErrors().find(error);
  if (known == ConnectErrors().end()) {
    throw BadRule(
        "'error' must be \"No route to host\", \"Connection refused\" or "
        "\"Connection timed out\"");
  }
  for (Node& node : core.state.nodes) {
    if (node.name != name) continue;
    if (!node.online) throw BadRule("node '" + name + "' is already offline");
    node.last_broadcast = Broadcast(core, node);
    node.offline_since = core.clock.Now();
    node.online = false;
    node.unreachable = known->first;
    node.unreachable_after = known->second;
    core.faults.RememberOfflineNode(name);
    return;
  }
  throw BadRule("no such cluster node '" + name + "'");
}

void BringNodesBack(SimCore& core) {
  for (const std::string& name : core.faults.TakeOfflineNodes()) {
    for (Node& node : core.state.nodes) {
      if (node.name != name) continue;
      const Node up;  // how an online node's outage fields read
      node.online = true;
      node.unreachable = up.unreachable;
      node.unreachable_after = up.unreachable_after;
      node.offline_since.reset();
      node.last_broadcast = nullptr;
    }
  }
}

}  // namespace pvesim
