#include "support.h"

namespace vm6sim::testing {

namespace {

Response Convert(simtest::HttpAnswer answer) {
  Response response;
  static_cast<simtest::HttpAnswer&>(response) = std::move(answer);
  return response;
}

}  // namespace

std::string ScratchDir() { return simtest::ScratchDir("vm6sim"); }

Client::Client(int port, const std::string& ca_file)
    : client_(simtest::NewHttpsClient(port, ca_file, false)) {}

Response Client::Send(const std::string& method, const std::string& target, const std::string& body,
                      httplib::Headers headers, bool bare) {
  if (!bare && !token_.empty()) headers.emplace("x-xsrf-token", token_);
  return Convert(simtest::Send(*client_, method, target, body,
                               body.empty() ? "" : "application/json", std::move(headers)));
}

Response Client::Login(const std::string& email, const std::string& password) {
  Response response =
      Send("POST", "/auth/v4/public/token",
           nlohmann::json{{"email", email}, {"password", password}}.dump(), {}, true);
  if (response.status == 201) token_ = response.body["token"];
  return response;
}

Response Client::Get(const std::string& target) { return Send("GET", target, ""); }

Response Client::Post(const std::string& path, const nlohmann::json& body) {
  return Send("POST", path, body.dump());
}

Response Client::Delete(const std::string& path) { return Send("DELETE", path, ""); }

void SimTest::Started() {
  admin_ = std::make_unique<Client>(As("admin@example.com", "admin-secret"));
}

Client SimTest::NewClient() const { return Client(server_.Port(), server_.CaFile().string()); }

Client SimTest::As(const std::string& email, const std::string& password) {
  Client client = NewClient();
  EXPECT_EQ(client.Login(email, password).status, 201) << email;
  return client;
}

nlohmann::json SimTest::HostBody(const nlohmann::json& overrides) {
  nlohmann::json body = {
      {"name", "vm1"}, {"cluster", 1},    {"account", 2},    {"password", "Secret-123"},
      {"os", 1},       {"cpu_number", 1}, {"ram_mib", 1024}, {"hdd_mib", 10240}};
  for (const auto& [key, value] : overrides.items()) {
    if (value.is_null()) {
      body.erase(key);
    } else {
      body[key] = value;
    }
  }
  return body;
}

Response SimTest::CreateHost(const nlohmann::json& overrides) {
  return admin_->Post("/vm/v3/host", HostBody(overrides));
}

std::string SimTest::Finish(int consul_id, double seconds) {
  server_.AdvanceClock(seconds);
  return server_.WaitTask(consul_id, 5).value_or("");
}

nlohmann::json SimTest::HostRow(int id) {
  Response response = admin_->Get("/vm/v3/host?where=(id+EQ+" + std::to_string(id) + ")");
  EXPECT_EQ(response.status, 200) << response.raw;
  if (response.status != 200 || response.body["list"].empty()) return nullptr;
  return response.body["list"][0];
}

nlohmann::json SimTest::TaskRows(int consul_id) {
  Response response =
      admin_->Get("/vm/v3/task?where=(consul_id+EQ+'" + std::to_string(consul_id) + "')");
  EXPECT_EQ(response.status, 200) << response.raw;
  return response.body["list"];
}

}  // namespace vm6sim::testing
