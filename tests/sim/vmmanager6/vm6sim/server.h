#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "simcommon/sim_server.h"

namespace vm6sim {

// state_dir, port, seed (sections replacing the default world's), latency_ms (added to every API
// request), time_scale (multiplies tasks and visibility delays), write_ready_file.
using Options = simcommon::SimOptions;

// The VMmanager 6 API simulator: an HTTPS server on 127.0.0.1 serving /auth/v4, /vm/v3 and the
// /_sim control API (what every simulator has: simcommon::SimServer). CaFile() is
// <state_dir>/vm6-ca.pem; Requests() are {method, path, query}.
class Server : public simcommon::SimServer {
 public:
  Server() : SimServer("vm6sim::Server") {}

  int Start(const Options& options) override;

  std::optional<nlohmann::json> HostState(int id) const;         // a host of State()["hosts"]
  std::optional<nlohmann::json> TaskState(int consul_id) const;  // its row (+ visible)
  // A token for the account (id or e-mail) obtained through the key flow: an admin-issued
  // login key exchanged for a token, as POST /auth/v4/user/{id}/key + /auth/v4/public/key do.
  // Throws std::invalid_argument for an unknown account.
  std::string UserToken(const std::string& id_or_email);

  // Blocks until the task with that consul id ends (or `timeout_seconds` of real time pass);
  // "complete" or "fail", nullopt on timeout or an unknown id.
  std::optional<std::string> WaitTask(int consul_id, double timeout_seconds) const;
};

}  // namespace vm6sim
