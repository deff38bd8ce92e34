#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace vm6sim {

struct Options {
  std::filesystem::path state_dir;  // TLS files and ready.json live here
  int port = 0;                     // 0: any free port
  nlohmann::json seed;              // sections replacing the default world's (null: defaults)
  int latency_ms = 0;               // added to every API request
  double time_scale = 1.0;          // multiplies simulated durations (tasks, visibility delays)
  bool write_ready_file = true;     // <state_dir>/ready.json once listening
};

// The VMmanager 6 API simulator: an HTTPS server on 127.0.0.1 serving /auth/v4, /vm/v3 and the
// /_sim control API. The accessors are thread-safe, for assertions in tests.
class Server {
 public:
  Server();
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Generates or loads the certificates, builds the world and listens; returns the port.
  // Throws std::runtime_error, or std::invalid_argument for a bad seed.
  int Start(const Options& options);
  void Stop();

  int Port() const;
  std::string Fingerprint() const;       // "AB:CD:..." SHA-256 of the certificate
  std::filesystem::path CaFile() const;  // <state_dir>/vm6-ca.pem

  nlohmann::json State() const;                                  // same as GET /_sim/state
  std::optional<nlohmann::json> HostState(int id) const;         // a host of State()["hosts"]
  std::optional<nlohmann::json> TaskState(int consul_id) const;  // its row (+ visible)
  // A token for the account (id or e-mail) obtained through the key flow: an admin-issued
  // login key exchanged for a token, as POST /auth/v4/user/{id}/key + /auth/v4/public/key do.
  // Throws std::invalid_argument for an unknown account.
  std::string UserToken(const std::string& id_or_email);
  std::vector<nlohmann::json> Requests() const;  // {method, path, query}
  void ClearRequests();

  void AdvanceClock(double seconds);
  // The same JSON as POST /_sim/faults (one rule or an array); throws std::invalid_argument.
  void AddFault(const nlohmann::json& rule);
  void ClearFaults();
  // Blocks until the task with that consul id ends (or `timeout_seconds` of real time pass);
  // "complete" or "fail", nullopt on timeout or an unknown id.
  std::optional<std::string> WaitTask(int consul_id, double timeout_seconds) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vm6sim
