#include "http/retry.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace pm::http {
namespace {

// Only GET: PVE's PUT and DELETE start tasks and change configuration like POST does.
bool MayRepeat(const Request& request) { return request.method == "GET"; }

bool IsTransientStatus(long status) {
  return status == 502 || status == 503 || status == 504 || status == 595 || status == 596;
}

// Tls and Other would fail the same way again.
bool IsTransientError(const TransportError& error) {
  auto kind = error.kind();
  using Kind = TransportError::Kind;
  return kind == Kind::Connect || kind == Kind::Timeout || kind == Kind::Dropped;
}

}  // namespace

RetryingHttpClient::RetryingHttpClient(HttpClient& inner, RetryPolicy policy, Sleeper sleeper)
    : inner_(inner), policy_(policy), sleeper_(std::move(sleeper)) {
  if (policy_.max_attempts < 1) throw std::invalid_argument("retry policy needs at least one attempt");
  if (policy_.initial_backoff.count() < 0 || policy_.max_backoff.count() < 0) {
    throw std::invalid_argument("retry backoff must not be negative");
  }
  if (!sleeper_) throw std::invalid_argument("retry needs a sleeper");
}

Response RetryingHttpClient::Send(const Request& request) {
  if (!MayRepeat(request)) return inner_.Send(request);
  auto backoff = std::min(policy_.initial_backoff, policy_.max_backoff);
  for (int attempt = 1;; ++attempt) {
    bool last = attempt >= policy_.max_attempts;
    try {
      Response response = inner_.Send(request);
      if (last || !IsTransientStatus(response.status)) return response;
    } catch (const TransportError& error) {
      if (last || !IsTransientError(error)) throw;
    }
    sleeper_(backoff);
    backoff = std::min(backoff * 2, policy_.max_backoff);
  }
}

}  // namespace pm::http
