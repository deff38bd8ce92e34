#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "simcommon/sim_server.h"

namespace vm5sim {

// state_dir, port, seed (sections replacing the default world's), latency_ms (added to every
// /vmmgr request), time_scale (multiplies installs and power actions), write_ready_file.
using Options = simcommon::SimOptions;

// The VMmanager 5 KVM simulator: an HTTPS server on 127.0.0.1 serving /vmmgr and the /_sim
// control API (what every simulator has: simcommon::SimServer). CaFile() is
// <state_dir>/vm5-ca.pem; Requests() are {method, func, elid}.
class Server : public simcommon::SimServer {
 public:
  Server() : SimServer("vm5sim::Server") {}

  int Start(const Options& options) override;

  std::optional<nlohmann::json> VmState(int id) const;  // a VM of State()["vms"]
};

}  // namespace vm5sim
