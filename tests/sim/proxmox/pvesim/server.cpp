#include "pvesim/server.h"

#include <stdexcept>

#include "pvesim/call.h"
#include "pvesim/dispatch.h"
#include "pvesim/inspect.h"
#include "pvesim/seed.h"
#include "pvesim/sim_core.h"

namespace pvesim {

namespace {

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
  bool keep_alive =
      simcommon::WantsKeepAlive(request) && response.status < 400 && !response.body.empty();
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

int Server::Start(const Options& options) {
  return Serve(options, PveCertificates(), [&] {
    auto core = std::make_unique<SimCore>(options);
    core->state = BuildState(options.seed, core->clock.Now());
    core->fingerprint = Fingerprint();
    SimCore* raw = core.get();
    raw->StartScheduler([raw](double now) { return raw->RunDue(now); });
    return Running{
        std::move(core),
        [raw](const HttpRequest& request) { return HandleApiRequest(*raw, request); },
        [raw](const HttpRequest& request) { return HandleControlRequest(*raw, request); },
        [raw](const HttpRequest& request, const HttpResponse& response) {
          return WritePveAnswer(request, response, raw->clock.NowSeconds());
        }};
  });
}

// The control API answers {"data": ...}, and errors as PVE does.
nlohmann::json Server::ControlResult(const HttpResponse& response) const {
  nlohmann::json parsed = nlohmann::json::parse(response.body);
  if (response.status != 200) {
    throw std::invalid_argument(parsed.value("message", response.reason));
  }
  return parsed["data"];
}

std::optional<nlohmann::json> Server::VmState(int vmid) const {
  SimCore& core = Get<SimCore>();
  std::lock_guard<std::mutex> guard(core.mutex);
  const pvesim::Vm* vm = core.state.FindVm(vmid);
  if (!vm) return std::nullopt;
  return VmJson(*vm);
}

std::optional<nlohmann::json> Server::TaskState(const std::string& upid) const {
  SimCore& core = Get<SimCore>();
  std::lock_guard<std::mutex> guard(core.mutex);
  const pvesim::Task* task = core.tasks.Find(upid);
  if (!task) return std::nullopt;
  return TaskJson(*task);
}

std::vector<nlohmann::json> Server::Volumes(const std::string& storage,
                                            const std::string& node) const {
  SimCore& core = Get<SimCore>();
  std::lock_guard<std::mutex> guard(core.mutex);
  std::vector<nlohmann::json> out;
  for (const Volume* volume : core.state.VolumesOn(node, storage))
    out.push_back(VolumeJson(*volume));
  return out;
}

void Server::AddVm(const nlohmann::json& vm) { Control("POST", "/_sim/vms", vm); }

std::optional<std::string> Server::WaitTask(const std::string& upid, double timeout_seconds) const {
  SimCore& core = Get<SimCore>();
  std::unique_lock<std::mutex> lock(core.mutex);
  const pvesim::Task* task = core.tasks.Find(upid);
  if (!task) return std::nullopt;
  core.WaitUntil(lock, timeout_seconds, [&] { return !task->running || core.stopping; });
  if (task->running) return std::nullopt;
  return task->exitstatus;
}

}  // namespace pvesim
