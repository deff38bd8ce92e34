#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "simcommon/certs.h"
#include "simcommon/control_api.h"
#include "simcommon/core_base.h"
#include "simcommon/https_server.h"
#include "simcommon/plain_writer.h"
#include "simcommon/sim_options.h"

namespace simcommon {

// What every simulator's Server is besides its own core: an HTTPS server on 127.0.0.1 with the
// simulator's certificates in the state directory, the ready file, requests under /_sim/ sent to
// the control API, and that API callable in-process for assertions in tests. A simulator derives
// from it: its Start() builds its core through Serve(), and it adds accessors of its own. The
// accessors are thread-safe.
class SimServer {
 public:
  virtual ~SimServer();  // stops
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Generates or loads the certificates, builds the world and listens; returns the port.
  // Throws std::runtime_error, or std::invalid_argument for bad options or a bad seed.
  virtual int Start(const SimOptions& options) = 0;
  void Stop();

  int Port() const;
  std::string Fingerprint() const;       // "AB:CD:..." SHA-256 of the leaf certificate
  std::filesystem::path CaFile() const;  // the CA certificate in the state directory

  nlohmann::json State() const;                  // same as GET /_sim/state
  std::vector<nlohmann::json> Requests() const;  // the rows of GET /_sim/requests
  void ClearRequests();                          // DELETE /_sim/requests
  void AdvanceClock(double seconds);
  // The same JSON as POST /_sim/faults (one rule or an array); throws std::invalid_argument.
  void AddFault(const nlohmann::json& rule);
  void ClearFaults();

 protected:
  explicit SimServer(std::string name);  // "vm6sim::Server", for the errors of misuse

  // A simulator's core, started, and how it serves.
  struct Running {
    std::unique_ptr<CoreBase> core;
    HttpHandler api;      // every request not under /_sim/
    HttpHandler control;  // the /_sim control API
    HttpWriter write;     // answers with the headers of the server the simulator imitates
  };

  // Checks the options, loads or makes the certificates and listens; then `start` builds and
  // starts the simulator's core (Fingerprint() is known by then; it may throw, for a bad seed,
  // and nothing stays listening). Serves and writes the ready file; returns the port.
  int Serve(const SimOptions& options, const CertProfile& certificates,
            const std::function<Running()>& start);

  // How the VMmanager simulators serve: `api`, the control API with the bare JSON answers of
  // BareControlAnswer (control_api.h) over what `control` adds, and the plain headers of
  // `server` (plain_writer.h).
  template <typename Core>
  static Running PlainRunning(std::unique_ptr<Core> core,
                              HttpResponse (*api)(Core&, const HttpRequest&),
                              ControlEndpoints (*control)(Core&), std::string server) {
    Core* raw = core.get();
    return Running{std::move(core),
                   [raw, api](const HttpRequest& request) { return api(*raw, request); },
                   [raw, control](const HttpRequest& request) {
                     return BareControlAnswer(control(*raw), request);
                   },
                   PlainWriter(std::move(server), [raw] { return raw->clock.NowSeconds(); })};
  }

  // The running core, for the simulator's accessors; std::logic_error when not started.
  template <typename Core>
  Core& Get() const {
    return static_cast<Core&>(RunningCore());
  }

  // A /_sim request run in-process; its answer's JSON, or std::invalid_argument with the error.
  nlohmann::json Control(const std::string& method, const std::string& path,
                         const nlohmann::json& body) const;
  // What a control answer says: by default the bare JSON and {"error": {"msg"}} answers of
  // BareControlAnswer (control_api.h); pve-sim has its own envelope.
  virtual nlohmann::json ControlResult(const HttpResponse& response) const;

 private:
  CoreBase& RunningCore() const;

  std::string name_;
  TlsFiles tls_;
  std::filesystem::path ca_file_;
  int port_ = 0;
  std::unique_ptr<CoreBase> core_;
  HttpHandler control_;
  std::unique_ptr<HttpsServer> https_;
};

}  // namespace simcommon
