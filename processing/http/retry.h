// Retries what cannot have done harm: a GET that failed on the way (no connection, timeout,
// dropped connection) or that pveproxy answered with a gateway/pseudo status (502, 503, 504,
// 595 "no route to node", 596 "connection timed out"). Writes are never repeated: a POST, PUT
// or DELETE that got no answer may still have happened.
#pragma once

#include <chrono>
#include <functional>

#include "http/http_client.h"

namespace pm::http {

using Sleeper = std::function<void(std::chrono::milliseconds)>;

struct RetryPolicy {
  int max_attempts = 3;  // counting the first one
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{5'000};  // the doubling stops here
};

class RetryingHttpClient : public HttpClient {
 public:
  // `inner` must outlive this client. Throws std::invalid_argument for a policy without any
  // attempt or with negative backoffs.
  RetryingHttpClient(HttpClient& inner, RetryPolicy policy, Sleeper sleeper);

  // The last attempt's response or TransportError, whatever it was.
  Response Send(const Request& request) override;

 private:
  HttpClient& inner_;
  RetryPolicy policy_;
  Sleeper sleeper_;
};

}  // namespace pm::http
