#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pvesim/server.h"
#include "simtest/https_client.h"
#include "simtest/server_test.h"

namespace pvesim::testing {

struct ApiResponse : simtest::HttpAnswer {
  const nlohmann::json& data() const { return body.at("data"); }
  std::string message() const { return body.is_object() ? body.value("message", "") : ""; }
  std::string error(const std::string& param) const { return body.at("errors").at(param); }
};

using Form = std::map<std::string, std::string>;

std::string EncodeForm(const Form& form);
std::string UrlEncode(const std::string& text);

// An HTTPS client that verifies the simulator's certificate with its CA, authenticated by
// ticket (+ CSRF token on writes) or API token.
class ApiClient {
 public:
  ApiClient(int port, const std::string& ca_file);

  // POST /access/ticket; returns the response and keeps the ticket on success.
  ApiResponse Login(const std::string& user, const std::string& password);
  void UseToken(const std::string& header_value);  // "PVEAPIToken=user@realm!id=secret"
  void UseTicket(const std::string& ticket, const std::string& csrf);
  const std::string& ticket() const { return ticket_; }
  const std::string& csrf() const { return csrf_; }

  ApiResponse Get(const std::string& path, const Form& query = {});
  ApiResponse Post(const std::string& path, const Form& form = {});
  ApiResponse Put(const std::string& path, const Form& form = {});
  ApiResponse Delete(const std::string& path, const Form& query = {});
  ApiResponse PostJson(const std::string& path, const nlohmann::json& body);
  // Any request, with explicit body and headers (auth headers are added unless `bare`).
  ApiResponse Send(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& content_type, httplib::Headers headers = {},
                   bool bare = false);

  // Polls the task status until it stops; returns the exit status ("" on timeout).
  std::string WaitTask(const std::string& upid, double timeout_seconds = 10);
  std::vector<std::string> TaskLog(const std::string& upid);

 private:
  httplib::Headers AuthHeaders(const std::string& method) const;

  std::unique_ptr<httplib::SSLClient> client_;
  std::string ticket_;
  std::string csrf_;
  std::string token_;
};

// The node of a UPID ("UPID:pve1:...").
std::string UpidNode(const std::string& upid);

// A fresh simulator per test (time scale 0.05), plus a client logged in as billing@pve.
class SimTest : public simtest::ServerTest<Server> {
 protected:
  SimTest() : ServerTest("pvesim", 0.05) {}
  void Started() override;

  // Starts the server again on a world seeded with one backup archive `volid` of VM `vmid`.
  void RestartWithBackup(const std::string& volid, int vmid);
  ApiClient NewClient() const;
  ApiClient Billing();  // ticket login as billing@pve
  ApiClient Token();    // API token billing@pve!bm
  ApiClient Audit();    // ticket login as audit@pve

  // Clones template 9000 (pve1) to `newid`, waits, returns the exit status.
  std::string CloneTemplate(ApiClient& client, int newid, const Form& extra = {});

  std::unique_ptr<ApiClient> api_;  // Billing(), ready after SetUp
};

// A per-process scratch directory (certificates are generated once per test binary run).
std::string ScratchDir();

}  // namespace pvesim::testing
