#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "simcommon/sim_server.h"

namespace pvesim {

// state_dir, port, seed (overrides of the default seed), latency_ms (added to every API
// request), time_scale (multiplies tasks and lock waits), clock_offset, write_ready_file.
using Options = simcommon::SimOptions;

// One parameter of a route, as the simulator validates it (for the schema conformance test).
struct ParamInfo {
  std::string name;  // schema spelling, indexed families as "net[n]"
  std::string type;  // string | integer | number | boolean
  bool optional = true;
  std::vector<std::string> enumeration;
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::string format;              // named format, or a property-string format's name
  std::vector<ParamInfo> subkeys;  // keys of a property string (aliases have an empty type)
};

struct RouteInfo {
  std::string method;
  std::string path;  // "/nodes/{node}/qemu/{vmid}/config"
  std::vector<ParamInfo> params;
};

// Every (method, path) the simulator serves under /api2/json, with its parameters.
std::vector<RouteInfo> RouteTable();

// The Proxmox VE API simulator: an HTTPS server on 127.0.0.1 serving /api2/json/ and the
// /_sim control API (what every simulator has: simcommon::SimServer; its answers are
// {"data": ...}). CaFile() is <state_dir>/pve-root-ca.pem; Requests() are {method, path}. The
// accessors are thread-safe snapshots for assertions in tests.
class Server : public simcommon::SimServer {
 public:
  Server() : SimServer("pvesim::Server") {}

  int Start(const Options& options) override;

  std::optional<nlohmann::json> VmState(int vmid) const;  // {vmid, node, config, pending, lock..}
  std::optional<nlohmann::json> TaskState(const std::string& upid) const;  // status + log
  // Volumes of a storage as seen from a node, in the /_sim/state form.
  std::vector<nlohmann::json> Volumes(const std::string& storage, const std::string& node) const;

  // The same JSON as POST /_sim/vms; throws std::invalid_argument.
  void AddVm(const nlohmann::json& vm);
  // Blocks until the task stops (or `timeout_seconds` of real time pass); its exit status,
  // nullopt on timeout or unknown UPID.
  std::optional<std::string> WaitTask(const std::string& upid, double timeout_seconds) const;

 private:
  nlohmann::json ControlResult(const simcommon::HttpResponse& response) const override;
};

}  // namespace pvesim
