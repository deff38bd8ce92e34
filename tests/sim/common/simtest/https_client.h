// The client side of the simulators' test suites: HTTPS to the simulator, verified with its CA.
#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace simtest {

// What a request got back.
struct HttpAnswer {
  bool delivered = false;  // false: the connection failed or was dropped
  int status = 0;
  std::string reason;
  std::string raw;  // the body as sent
  httplib::Headers headers;
  nlohmann::json body;  // parsed JSON; null when the body is empty or not JSON

  // First value of a header (case-insensitive), empty if absent.
  std::string header(const std::string& name) const;
};

// A client of https://127.0.0.1:<port> that verifies the simulator's certificate with `ca_file`.
// `encode_targets`: whether httplib URL-encodes targets itself (the VMmanager suites send them
// exactly as given).
std::unique_ptr<httplib::SSLClient> NewHttpsClient(int port, const std::string& ca_file,
                                                   bool encode_targets);

// One request as given; Content-Type only when `content_type` is not empty.
HttpAnswer Send(httplib::SSLClient& client, const std::string& method, const std::string& target,
                const std::string& body, const std::string& content_type,
                httplib::Headers headers = {});

}  // namespace simtest
