#include "simcommon/sim_server.h"

#include <stdexcept>

#include "simcommon/control_api.h"
#include "simcommon/ready_file.h"

namespace simcommon {

SimServer::SimServer(std::string name) : name_(std::move(name)) {}

SimServer::~SimServer() { Stop(); }

int SimServer::Serve(const SimOptions& options, const CertProfile& certificates,
                     const std::function<Running()>& start) {
  if (core_) throw std::logic_error(name_ + " is already started");
  if (options.state_dir.empty()) throw std::invalid_argument("a state directory is required");
  if (options.time_scale <= 0) throw std::invalid_argument("the time scale must be positive");
  tls_ = LoadOrCreateCertificates(options.state_dir, certificates);
  ca_file_ = options.state_dir / certificates.ca_file;
  auto https = std::make_unique<HttpsServer>(tls_.cert_pem, tls_.key_pem);
  int port = https->Listen(options.port);
  Running running = start();
  https->Start(
      [api = running.api, control = running.control](const HttpRequest& request) {
        return request.path.rfind("/_sim/", 0) == 0 ? control(request) : api(request);
      },
      running.write);
  core_ = std::move(running.core);
  control_ = std::move(running.control);
  https_ = std::move(https);
  port_ = port;
  if (options.write_ready_file) WriteReadyFile(options.state_dir, port_, tls_.fingerprint);
  return port_;
}

void SimServer::Stop() {
  if (!core_) return;
  core_->Stop();  // wakes handlers sleeping on latency or locks
  https_->Stop();
  https_.reset();
  control_ = nullptr;
  core_.reset();
}

CoreBase& SimServer::RunningCore() const {
  if (!core_) throw std::logic_error(name_ + " is not started");
  return *core_;
}

int SimServer::Port() const { return port_; }

std::string SimServer::Fingerprint() const { return tls_.fingerprint; }

std::filesystem::path SimServer::CaFile() const { return ca_file_; }

nlohmann::json SimServer::Control(const std::string& method, const std::string& path,
                                  const nlohmann::json& body) const {
  RunningCore();
  HttpRequest request;
  request.method = method;
  request.path = path;
  request.body = body.is_null() ? "" : body.dump();
  return ControlResult(control_(request));
}

nlohmann::json SimServer::ControlResult(const HttpResponse& response) const {
  return BareControlResult(response);
}

nlohmann::json SimServer::State() const { return Control("GET", "/_sim/state", nullptr); }

std::vector<nlohmann::json> SimServer::Requests() const {
  CoreBase& core = RunningCore();
  std::lock_guard<std::mutex> guard(core.mutex);
  return core.requests;
}

void SimServer::ClearRequests() { Control("DELETE", "/_sim/requests", nullptr); }

void SimServer::AdvanceClock(double seconds) {
  Control("POST", "/_sim/clock", {{"advance_seconds", seconds}});
}

void SimServer::AddFault(const nlohmann::json& rule) { Control("POST", "/_sim/faults", rule); }

void SimServer::ClearFaults() { Control("DELETE", "/_sim/faults", nullptr); }

}  // namespace simcommon
