#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pvesim {

struct Options {
  std::filesystem::path state_dir;  // TLS files and ready.json live here
  int port = 0;                     // 0: any free port
  nlohmann::json seed;              // overrides of the default seed (null: defaults only)
  int latency_ms = 0;               // added to every API request
  double time_scale = 1.0;          // multiplies simulated durations (tasks, lock waits)
  double clock_offset = 0;          // seconds the simulated clock starts ahead of the wall clock
  bool write_ready_file = true;     // <state_dir>/ready.json once listening
};

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
// /_sim control API. The accessors are thread-safe snapshots for assertions in tests.
class Server {
 public:
  Server();
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Generates or loads the certificates, builds the state and listens; returns the port.
  // Throws std::runtime_error (or std::invalid_argument for a bad seed).
  int Start(const Options& options);
  void Stop();

  int Port() const;
  std::string Fingerprint() const;       // "AB:CD:..." SHA-256 of the leaf certificate
  std::filesystem::path CaFile() const;  // <state_dir>/pve-root-ca.pem

  nlohmann::json State() const;                           // same as GET /_sim/state
  std::optional<nlohmann::json> VmState(int vmid) const;  // {vmid, node, config, pending, lock..}
  std::optional<nlohmann::json> TaskState(const std::string& upid) const;  // status + log
  // Volumes of a storage as seen from a node, in the /_sim/state form.
  std::vector<nlohmann::json> Volumes(const std::string& storage, const std::string& node) const;
  std::vector<std::pair<std::string, std::string>> Requests() const;  // (method, path)
  void ClearRequests();

  void AdvanceClock(double seconds);
  // The same JSON as POST /_sim/faults (one rule or an array); throws std::invalid_argument.
  void AddFault(const nlohmann::json& rule);
  void ClearFaults();
  // The same JSON as POST /_sim/vms; throws std::invalid_argument.
  void AddVm(const nlohmann::json& vm);
  // Blocks until the task stops (or `timeout_seconds` of real time pass); its exit status,
  // nullopt on timeout or unknown UPID.
  std::optional<std::string> WaitTask(const std::string& upid, double timeout_seconds) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pvesim
