#include "vm6_sim.h"

#include <httplib.h>

namespace pm::contract {

Vm6Simulator::Vm6Simulator(double time_scale, nlohmann::json seed)
    : SimProcess(PM_VM6_SIM, "vm6-ca.pem", time_scale, std::move(seed)) {}

std::pair<int, nlohmann::json> Vm6Simulator::Call(const std::string& method, const std::string& path,
                                                  const nlohmann::json& body, const std::string& token) {
  httplib::SSLClient client("127.0.0.1", port());
  client.set_ca_cert_path((dir_ / ca_file_).string().c_str());
  client.enable_server_certificate_verification(true);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("x-xsrf-token", token);
  std::string payload = body.is_null() ? "{}" : body.dump();
  httplib::Result result = method == "GET"      ? client.Get(path.c_str(), headers)
                           : method == "DELETE" ? client.Delete(path.c_str(), headers)
                                                : client.Post(path.c_str(), headers, payload, "application/json");
  if (!result) throw std::runtime_error("vm6-sim call failed: " + path);
  return {result->status, nlohmann::json::parse(result->body, nullptr, false)};
}

std::string Vm6Simulator::AdminToken() {
  if (admin_token_.empty()) {
    auto [status, body] = Call("POST", "/auth/v4/public/token",
                               {{"email", "admin@example.com"}, {"password", "admin-secret"}}, "");
    if (status != 201) throw std::runtime_error("vm6-sim admin login: " + body.dump());
    admin_token_ = body.at("token");
  }
  return admin_token_;
}

nlohmann::json Vm6Simulator::Api(const std::string& method, const std::string& path, const nlohmann::json& body,
                                 const std::string& token) {
  auto [status, answer] = Call(method, path, body, token.empty() ? AdminToken() : token);
  if (status < 200 || status >= 300) {
    throw std::runtime_error("vm6-sim " + method + " " + path + " -> " + std::to_string(status) + " " + answer.dump());
  }
  return answer;
}

std::string Vm6Simulator::UserToken(const std::string& email) {
  auto key = Api("POST", "/auth/v4/user/" + email + "/key", nlohmann::json::object());
  auto [status, body] = Call("POST", "/auth/v4/public/key", {{"key", key.at("key")}}, "");
  if (status != 201) throw std::runtime_error("vm6-sim key login: " + body.dump());
  return body.at("token");
}

std::vector<nlohmann::json> Vm6Simulator::Hosts(const std::string& marker) {
  std::vector<nlohmann::json> hosts;
  nlohmann::json state = State();  // kept: a range over State().at(…) would outlive its answer
  for (const auto& host : state.at("hosts")) {
    if (marker.empty() || host.value("comment", "").find(marker) != std::string::npos) hosts.push_back(host);
  }
  return hosts;
}

nlohmann::json Vm6Simulator::Schedule(long long id) {
  nlohmann::json state = State();
  for (const auto& schedule : state.at("schedules")) {
    if (schedule.at("id") == id) return schedule;
  }
  throw std::runtime_error("vm6-sim has no schedule " + std::to_string(id));
}

std::string Vm6ModuleXml(const Vm6Simulator& sim, const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> fields = {{"url", sim.url()},
                                               {"username", "admin@example.com"},
                                               {"password", "admin-secret"},
                                               {"fingerprint", sim.fingerprint()},
                                               {"cluster", "1"}};
  for (const auto& [name, value] : overrides) fields[name] = value;
  return ProcessingModuleXml(fields);
}

}  // namespace pm::contract
