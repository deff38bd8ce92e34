// The transport seam: one request in, one response out. It knows no API and no panel.
// A transport failure (no connection, TLS refused, timeout) is an exception; any HTTP status,
// including 4xx/5xx, is a successful transport result that the API layer interprets.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

namespace pm::http {

struct Request {
  std::string method;  // GET, POST, PUT, DELETE
  std::string url;     // absolute, query string already encoded
  std::map<std::string, std::string> headers;
  std::string body;    // sent as-is; the caller sets Content-Type
};

struct Response {
  long status = 0;
  std::string reason;  // reason phrase of the status line (PVE puts its error text there)
  std::string body;
  std::int64_t date = 0;  // the server's clock from its Date header (epoch seconds); 0 when absent
};

// How to trust the server. Verification is always on; these only widen what is trusted.
struct TlsTrust {
  std::string ca_pem;       // PEM text of an extra CA; empty = system store
  std::string fingerprint;  // SHA-256 of the leaf certificate, colon hex; pins that certificate only
};

struct Timeouts {
  std::chrono::milliseconds connect{10'000};
  std::chrono::milliseconds total{60'000};
};

// Which URLs a transport may fetch. Hypervisor panels are reached over HTTPS only; plain HTTP
// exists for tests that script a server byte by byte.
enum class Schemes { HttpsOnly, HttpAndHttps };

class TransportError : public std::runtime_error {
 public:
  // Connect: the request was never sent. Dropped: the connection broke after it may have been
  // sent (empty reply, reset), so only an idempotent request may be repeated.
  enum class Kind { Connect, Tls, Timeout, Other, Dropped };
  TransportError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Whether a request that failed this way may still have reached the server and been done: the
// connection broke or timed out after it was sent. A write that failed so is never repeated.
inline bool MayHaveArrived(const TransportError& error) {
  return error.kind() == TransportError::Kind::Dropped || error.kind() == TransportError::Kind::Timeout;
}

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Response Send(const Request& request) = 0;
};

}  // namespace pm::http
