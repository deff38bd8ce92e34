#include "vm5_sim.h"

#include <httplib.h>

namespace pm::contract {

Vm5Simulator::Vm5Simulator(double time_scale, nlohmann::json seed)
    : SimProcess(PM_VM5_SIM, "vm5-ca.pem", time_scale, std::move(seed)) {}

std::string Vm5Simulator::Call(const std::map<std::string, std::string>& fields, const std::string& session) {
  httplib::SSLClient client("127.0.0.1", port());
  client.set_ca_cert_path((dir_ / ca_file_).string().c_str());
  client.enable_server_certificate_verification(true);
  httplib::Params form(fields.begin(), fields.end());
  form.emplace("out", "xml");
  if (session.empty()) {
    form.emplace("authinfo", "admin:admin-secret");
  } else {
    form.emplace("auth", session);
  }
  httplib::Result result = client.Post("/vmmgr", form);
  if (!result) throw std::runtime_error("vm5-sim call failed: " + fields.at("func"));
  return result->body;
}

std::string Vm5Simulator::SignIn(const std::string& username, const std::string& password) {
  httplib::SSLClient client("127.0.0.1", port());
  client.set_ca_cert_path((dir_ / ca_file_).string().c_str());
  client.enable_server_certificate_verification(true);
  httplib::Params form = {{"func", "auth"}, {"out", "xml"}, {"username", username}, {"password", password}};
  httplib::Result result = client.Post("/vmmgr", form);
  if (!result) throw std::runtime_error("vm5-sim sign-in failed");
  pugi::xml_document doc;
  doc.load_string(result->body.c_str());
  std::string session = doc.child("doc").child("auth").attribute("id").value();
  if (session.empty()) throw std::runtime_error("vm5-sim refused " + username + ": " + result->body);
  return session;
}

std::vector<nlohmann::json> Vm5Simulator::Vms(const std::string& prefix) {
  std::vector<nlohmann::json> vms;
  nlohmann::json state = State();  // kept: a range over State().at(…) would outlive its answer
  for (const auto& vm : state.at("vms")) {
    if (vm.at("name").get<std::string>().rfind(prefix, 0) == 0) vms.push_back(vm);
  }
  return vms;
}

nlohmann::json Vm5Simulator::User(const std::string& name) {
  nlohmann::json state = State();
  for (const auto& user : state.at("users")) {
    if (user.at("name") == name) return user;
  }
  return nullptr;
}

std::string Vm5ModuleXml(const Vm5Simulator& sim, const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> fields = {{"url", sim.url() + "/vmmgr"},
                                               {"username", "admin"},
                                               {"password", "admin-secret"},
                                               {"fingerprint", sim.fingerprint()}};
  for (const auto& [name, value] : overrides) fields[name] = value;
  return ProcessingModuleXml(fields);
}

}  // namespace pm::contract
