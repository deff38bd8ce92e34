#include "vm6sim/server.h"

#include <fstream>
#include <stdexcept>

#include "simcommon/certs.h"
#include "simcommon/https_server.h"
#include "vm6sim/api.h"
#include "vm6sim/core.h"
#include "vm6sim/seed.h"
#include "vm6sim/views.h"

namespace vm6sim {

namespace {

using simcommon::HttpRequest;
using simcommon::HttpResponse;

const simcommon::CertProfile& Certificates() {
  static const simcommon::CertProfile kProfile = {
      "vm6-ca.pem",
      "vm6-cert.pem",
      "vm6-key.pem",
      {{"CN", "vm6-sim CA"}, {"O", "VMmanager 6 simulator"}},
      {{"CN", "localhost"}, {"O", "VMmanager 6 simulator"}}};
  return kProfile;
}

HttpResponse Dispatch(Core& core, const HttpRequest& request) {
  if (request.path.rfind("/_sim/", 0) == 0) return HandleControlRequest(core, request);
  return HandleApiRequest(core, request);
}

// Headers as the platform's nginx front sends them; connections stay open after errors too.
simcommon::HttpWire WriteAnswer(const HttpRequest& request, const HttpResponse& response,
                                std::time_t now) {
  bool keep_alive = simcommon::WantsKeepAlive(request);
  std::string reason =
      response.reason.empty() ? simcommon::DefaultReason(response.status) : response.reason;
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason + "\r\n";
  out += "Server: nginx\r\n";
  out += "Date: " + simcommon::HttpDate(now) + "\r\n";
  if (!response.content_type.empty()) out += "Content-Type: " + response.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  out += std::string("Connection: ") + (keep_alive ? "keep-alive" : "close") + "\r\n\r\n";
  return {out + response.body, keep_alive};
}

void WriteReadyFile(const std::filesystem::path& dir, int port, const std::string& fingerprint) {
  nlohmann::json ready = {{"port", port}, {"fingerprint", fingerprint}};
  auto tmp = dir / "ready.json.tmp";
  std::ofstream(tmp) << ready.dump() << "\n";
  std::filesystem::rename(tmp, dir / "ready.json");
}

}  // namespace

struct Server::Impl {
  Options options;
  simcommon::TlsFiles tls;
  std::unique_ptr<Core> core;
  std::unique_ptr<simcommon::HttpsServer> https;
  int port = 0;

  Core& Get() const {
    if (!core) throw std::logic_error("vm6sim::Server is not started");
    return *core;
  }

  nlohmann::json Control(const std::string& method, const std::string& path,
                         const nlohmann::json& body) const {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.body = body.is_null() ? "" : body.dump();
    HttpResponse response = HandleControlRequest(Get(), request);
    nlohmann::json parsed = nlohmann::json::parse(response.body);
    if (response.status != 200)
      throw std::invalid_argument(parsed["error"]["msg"].get<std::string>());
    return parsed;
  }
};

Server::Server() : impl_(std::make_unique<Impl>()) {}

Server::~Server() { Stop(); }

int Server::Start(const Options& options) {
  if (impl_->core) throw std::logic_error("vm6sim::Server is already started");
  if (options.state_dir.empty()) throw std::invalid_argument("a state directory is required");
  if (options.time_scale <= 0) throw std::invalid_argument("the time scale must be positive");
  impl_->options = options;
  impl_->tls = simcommon::LoadOrCreateCertificates(options.state_dir, Certificates());
  auto core = std::make_unique<Core>(options.time_scale, options.latency_ms);
  core->world = BuildWorld(options.seed, core->clock.Now());
  for (auto& [id, host] : core->world.hosts) host.started_at = core->clock.Now();
  auto https = std::make_unique<simcommon::HttpsServer>(impl_->tls.cert_pem, impl_->tls.key_pem);
  impl_->port = https->Listen(options.port);
  core->StartScheduler();
  Core* raw = core.get();
  https->Start([raw](const HttpRequest& request) { return Dispatch(*raw, request); },
               [raw](const HttpRequest& request, const HttpResponse& response) {
                 return WriteAnswer(request, response, raw->clock.NowSeconds());
               });
  impl_->core = std::move(core);
  impl_->https = std::move(https);
  if (options.write_ready_file)
    WriteReadyFile(options.state_dir, impl_->port, impl_->tls.fingerprint);
  return impl_->port;
}

void Server::Stop() {
  if (!impl_->core) return;
  impl_->core->StopScheduler();  // wakes handlers sleeping on latency
  impl_->https->Stop();
  impl_->https.reset();
  impl_->core.reset();
}

int Server::Port() const { return impl_->port; }

std::string Server::Fingerprint() const { return impl_->tls.fingerprint; }

std::filesystem::path Server::CaFile() const {
  return impl_->options.state_dir / Certificates().ca_file;
}

nlohmann::json Server::State() const { return impl_->Control("GET", "/_sim/state", nullptr); }

std::optional<nlohmann::json> Server::HostState(int id) const {
  Core& core = impl_->Get();
  std::lock_guard<std::mutex> guard(core.mutex);
  const Host* host = World::Find(core.world.hosts, id);
  if (!host) return std::nullopt;
  return HostDetail(core, *host, core.clock.Now());
}

std::optional<nlohmann::json> Server::TaskState(int consul_id) const {
  Core& core = impl_->Get();
  std::lock_guard<std::mutex> guard(core.mutex);
  const Task* task = core.TaskByConsul(consul_id);
  if (!task) return std::nullopt;
  nlohmann::json row = TaskRow(*task);
  row["visible"] = task->visible_at <= core.clock.Now();
  return row;
}

std::string Server::UserToken(const std::string& id_or_email) {
  Core& core = impl_->Get();
  std::lock_guard<std::mutex> guard(core.mutex);
  Account* account = core.world.FindAccountByEmail(id_or_email);
  if (!account && !id_or_email.empty() &&
      id_or_email.find_first_not_of("0123456789") == std::string::npos && id_or_email.size() < 10)
    account = World::Find(core.world.accounts, std::stoi(id_or_email));
  if (!account) throw std::invalid_argument("no account " + id_or_email);
  nlohmann::json key = IssueKey(core, *account);
  return RedeemKey(core, key["key"].get<std::string>())["token"].get<std::string>();
}

std::vector<nlohmann::json> Server::Requests() const {
  nlohmann::json log = impl_->Control("GET", "/_sim/requests", nullptr);
  return log["requests"].get<std::vector<nlohmann::json>>();
}

void Server::ClearRequests() { impl_->Control("DELETE", "/_sim/requests", nullptr); }

void Server::AdvanceClock(double seconds) {
  impl_->Control("POST", "/_sim/clock", {{"advance_seconds", seconds}});
}

void Server::AddFault(const nlohmann::json& rule) { impl_->Control("POST", "/_sim/faults", rule); }

void Server::ClearFaults() { impl_->Control("DELETE", "/_sim/faults", nullptr); }

std::optional<std::string> Server::WaitTask(int consul_id, double timeout_seconds) const {
  Core& core = impl_->Get();
  std::unique_lock<std::mutex> lock(core.mutex);
  if (!core.TaskByConsul(consul_id)) return std::nullopt;
  auto until =
      std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(
                                             std::chrono::duration<double>(timeout_seconds));
  auto ended = [&] {
    const Task* task = core.TaskByConsul(consul_id);
    return core.stopping || (task && task->Ended());
  };
  core.changed.wait_until(lock, until, ended);
  const Task* task = core.TaskByConsul(consul_id);
  if (!task || !task->Ended()) return std::nullopt;
  return task->status;
}

}  // namespace vm6sim
