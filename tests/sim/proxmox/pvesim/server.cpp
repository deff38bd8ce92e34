#include "pvesim/server.h"

#include <fstream>
#include <stdexcept>

#include "pvesim/call.h"
#include "pvesim/dispatch.h"
#include "pvesim/inspect.h"
#include "pvesim/seed.h"
#include "pvesim/sim_core.h"
#include "simcommon/certs.h"
#include "simcommon/https_server.h"

namespace pvesim {

struct Server::Impl {
  Options options;
  simcommon::TlsFiles tls;
  std::unique_ptr<SimCore> core;
  std::unique_ptr<simcommon::HttpsServer> https;
  int port = 0;

  SimCore& Core() const {
    if (!core) throw std::logic_error("pvesim::Server is not started");
    return *core;
  }

  // Runs a control-API request in-process, for the accessors that share its logic.
  nlohmann::json Control(const std::string& method, const std::string& path,
                         const nlohmann::json& body) const {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.body = body.is_null() ? "" : body.dump();
    HttpResponse response = HandleControlRequest(Core(), request);
    nlohmann::json parsed = nlohmann::json::parse(response.body);
    if (response.status != 200) {
      throw std::invalid_argument(parsed.value("message", response.reason));
    }
    return parsed["data"];
  }
};

namespace {

HttpResponse Dispatch(SimCore& core, const HttpRequest& request) {
  if (request.path.rfind("/_sim/", 0) == 0) return HandleControlRequest(core, request);
  return HandleApiRequest(core, request);
}

// The header set and order of pveproxy's response() (HTTP::Headers sorts general, response and
// entity headers); an empty body goes without Content-Length, as there.
std::string Serialize(const HttpResponse& response, bool keep_alive, std::time_t now) {
  std::string reason =
      response.reason.empty() ? simcommon::DefaultReason(response.status) : response.reason;
  std::string date = simcommon::HttpDate(now);
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason + "\r\n";
  out += "Cache-Control: max-age=0\r\n";
  out += "Connection: " + std::string(keep_alive ? "Keep-Alive" : "close") + "\r\n";
  out += "Date: " + date + "\r\n";
  out += "Pragma: no-cache\r\n";
  out += "Server: pve-api-daemon/3.0\r\n";
  if (!response.body.empty())
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  if (!response.content_type.empty()) out += "Content-Type: " + response.content_type + "\r\n";
  out += "Expires: " + date + "\r\n\r\n";
  return out + response.body;
}

simcommon::HttpWire WritePveAnswer(const HttpRequest& request, const HttpResponse& response,
                                   std::time_t now) {
  // pveproxy closes the connection after every error response; an answer without body
  // has no Content-Length, so only the close can end it.
  bool keep_alive = simcommon::WantsKeepAlive(request) && response.status < 400 &&
                    !response.body.empty();
  return {Serialize(response, keep_alive, now), keep_alive};
}

// PVE's certificate layout: the cluster CA and the node certificate it signs.
simcommon::CertProfile PveCertificates() {
  simcommon::Rng rng;
  return {
      "pve-root-ca.pem",
      "pve-ssl.pem",
      "pve-ssl.key",
      {{"CN", "Proxmox Virtual Environment"}, {"OU", rng.Uuid()}, {"O", "PVE Cluster Manager CA"}},
      {{"OU", "PVE Cluster Node"}, {"O", "Proxmox Virtual Environment"}, {"CN", "localhost"}}};
}

void WriteReadyFile(const std::filesystem::path& dir, int port, const std::string& fingerprint) {
  nlohmann::json ready = {{"port", port}, {"fingerprint", fingerprint}};
  auto tmp = dir / "ready.json.tmp";
  std::ofstream(tmp) << ready.dump() << "\n";
  std::filesystem::rename(tmp, dir / "ready.json");
}

ParamInfo Describe(const ParamSpec& spec) {
  ParamInfo info;
  info.name = spec.name;
  info.type = TypeName(spec.type);
  info.optional = spec.optional;
  info.enumeration = spec.enumeration;
  info.minimum = spec.minimum;
  info.maximum = spec.maximum;
  info.format = spec.format;
  if (spec.property) {
    if (!spec.property->name.empty()) info.format = spec.property->name;
    for (const PropertyKey& key : spec.property->keys) {
      ParamInfo sub = Describe(key.spec);
      if (!key.alias.empty()) sub.type.clear();
      info.subkeys.push_back(sub);
    }
  }
  return info;
}

}  // namespace

std::vector<RouteInfo> RouteTable() {
  std::vector<RouteInfo> table;
  for (const Route& route : Routes()) {
    RouteInfo info{route.method, route.path, {}};
    for (const ParamSpec& spec : route.params) info.params.push_back(Describe(spec));
    table.push_back(std::move(info));
  }
  return table;
}

Server::Server() : impl_(std::make_unique<Impl>()) {}

Server::~Server() { Stop(); }

int Server::Start(const Options& options) {
  if (impl_->core) throw std::logic_error("pvesim::Server is already started");
  if (options.state_dir.empty()) throw std::invalid_argument("a state directory is required");
  if (options.time_scale <= 0) throw std::invalid_argument("the time scale must be positive");
  impl_->options = options;
  impl_->tls = simcommon::LoadOrCreateCertificates(options.state_dir, PveCertificates());
  auto core =
      std::make_unique<SimCore>(options.time_scale, options.latency_ms, options.clock_offset);
  core->state = BuildState(options.seed, core->clock.Now());
  core->fingerprint = impl_->tls.fingerprint;
  auto https = std::make_unique<simcommon::HttpsServer>(impl_->tls.cert_pem, impl_->tls.key_pem);
  impl_->port = https->Listen(options.port);
  core->StartScheduler();
  SimCore* raw = core.get();
  https->Start([raw](const HttpRequest& request) { return Dispatch(*raw, request); },
               [raw](const HttpRequest& request, const HttpResponse& response) {
                 return WritePveAnswer(request, response, raw->clock.NowSeconds());
               });
  impl_->core = std::move(core);
  impl_->https = std::move(https);
  if (options.write_ready_file)
    WriteReadyFile(options.state_dir, impl_->port, impl_->tls.fingerprint);
  return impl_->port;
}

void Server::Stop() {
  if (!impl_->core) return;
  impl_->core->StopScheduler();  // wakes handlers waiting on locks or latency
  impl_->https->Stop();
  impl_->https.reset();
  impl_->core.reset();
}

int Server::Port() const { return impl_->port; }

std::string Server::Fingerprint() const { return impl_->tls.fingerprint; }

std::filesystem::path Server::CaFile() const {
  return impl_->options.state_dir / "pve-root-ca.pem";
}

nlohmann::json Server::State() const { return impl_->Control("GET", "/_sim/state", nullptr); }

std::optional<nlohmann::json> Server::VmState(int vmid) const {
  SimCore& core = impl_->Core();
  std::lock_guard<std::mutex> guard(core.mutex);
  const pvesim::Vm* vm = core.state.FindVm(vmid);
  if (!vm) return std::nullopt;
  return VmJson(*vm);
}

std::optional<nlohmann::json> Server::TaskState(const std::string& upid) const {
  SimCore& core = impl_->Core();
  std::lock_guard<std::mutex> guard(core.mutex);
  const pvesim::Task* task = core.tasks.Find(upid);
  if (!task) return std::nullopt;
  return TaskJson(*task);
}

std::vector<nlohmann::json> Server::Volumes(const std::string& storage,
                                            const std::string& node) const {
  SimCore& core = impl_->Core();
  std::lock_guard<std::mutex> guard(core.mutex);
  std::vector<nlohmann::json> out;
  for (const Volume* volume : core.state.VolumesOn(node, storage))
    out.push_back(VolumeJson(*volume));
  return out;
}

std::vector<std::pair<std::string, std::string>> Server::Requests() const {
  SimCore& core = impl_->Core();
  std::lock_guard<std::mutex> guard(core.mutex);
  return core.requests;
}

void Server::ClearRequests() { impl_->Control("DELETE", "/_sim/requests", nullptr); }

void Server::AdvanceClock(double seconds) {
  impl_->Control("POST", "/_sim/clock", {{"advance_seconds", seconds}});
}

void Server::AddFault(const nlohmann::json& rule) { impl_->Control("POST", "/_sim/faults", rule); }

void Server::ClearFaults() { impl_->Control("DELETE", "/_sim/faults", nullptr); }

void Server::AddVm(const nlohmann::json& vm) { impl_->Control("POST", "/_sim/vms", vm); }

std::optional<std::string> Server::WaitTask(const std::string& upid, double timeout_seconds) const {
  SimCore& core = impl_->Core();
  std::unique_lock<std::mutex> lock(core.mutex);
  const pvesim::Task* task = core.tasks.Find(upid);
  if (!task) return std::nullopt;
  auto until =
      std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(
                                             std::chrono::duration<double>(timeout_seconds));
  core.changed.wait_until(lock, until, [&] { return !task->running || core.stopping; });
  if (task->running) return std::nullopt;
  return task->exitstatus;
}

}  // namespace pvesim
