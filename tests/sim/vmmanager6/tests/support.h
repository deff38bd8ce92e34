#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "simtest/https_client.h"
#include "simtest/server_test.h"
#include "vm6sim/server.h"

namespace vm6sim::testing {

struct Response : simtest::HttpAnswer {
  int code() const { return body.at("error").at("code").get<int>(); }
  std::string msg() const { return body.at("error").at("msg").get<std::string>(); }
  const nlohmann::json& value() const { return body.at("error").at("value"); }
};

// An HTTPS client that verifies the simulator's certificate with its CA and sends paths
// exactly as given (no URL encoding of its own), with the token in x-xsrf-token.
class Client {
 public:
  Client(int port, const std::string& ca_file);

  // POST /auth/v4/public/token; keeps the token on 201.
  Response Login(const std::string& email, const std::string& password);
  void UseToken(const std::string& token) { token_ = token; }
  const std::string& token() const { return token_; }

  Response Get(const std::string& target);
  Response Post(const std::string& path, const nlohmann::json& body = nlohmann::json::object());
  Response Delete(const std::string& path);
  // Any request; the token header is added unless `bare`.
  Response Send(const std::string& method, const std::string& target, const std::string& body,
                httplib::Headers headers = {}, bool bare = false);

 private:
  std::unique_ptr<httplib::SSLClient> client_;
  std::string token_;
};

// A fresh simulator per test at time scale 1 (tests move time with AdvanceClock, so task
// progress is deterministic), plus a client logged in as the admin.
class SimTest : public simtest::ServerTest<Server> {
 protected:
  SimTest() : ServerTest("vm6sim", 1.0) {}
  void Started() override;

  Client NewClient() const;
  Client As(const std::string& email, const std::string& password);  // logged in

  // POST /vm/v3/host with a valid body (Debian 12 on cluster 1, 1 CPU, 1024 MiB, 10240 MiB,
  // account 2) merged with `overrides`.
  Response CreateHost(const nlohmann::json& overrides = nlohmann::json::object());
  static nlohmann::json HostBody(const nlohmann::json& overrides = nlohmann::json::object());
  // Advances the clock by `seconds` and waits for the task to end: "complete", "fail" or
  // "" when it did not end within 5 s of real time.
  std::string Finish(int consul_id, double seconds = 600);
  // The admin's list row of a host (GET /vm/v3/host?where=(id+EQ+<id>)); null if absent.
  nlohmann::json HostRow(int id);
  // The tasks listed for a consul id.
  nlohmann::json TaskRows(int consul_id);

  std::unique_ptr<Client> admin_;
};

std::string ScratchDir();

}  // namespace vm6sim::testing
