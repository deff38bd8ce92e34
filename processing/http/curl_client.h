// HttpClient over libcurl (OpenSSL backend). HTTPS only, and TLS verification is always on:
// against the system store, plus TlsTrust::ca_pem when given (a cluster's pve-root-ca.pem), with
// the host name checked; or, when TlsTrust::fingerprint is given, against exactly that one
// certificate (chain and host name are then not consulted: the pin is the identity, which suits
// Proxmox's self-signed node certificates).
//
// A write (anything but GET) is sent once: libcurl silently sends a request again when a reused
// keep-alive connection closes before any answer, and a write must never be sent twice behind
// its caller's back (it may have been done). That second send is refused, and the caller gets
// TransportError{Dropped} and decides. Connections are still reused for writes.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "http/http_client.h"

namespace pm::http {

using Sha256 = std::array<unsigned char, 32>;

// Parses a SHA-256 certificate fingerprint as Proxmox shows it ("AB:CD:…"), also in lower case
// or without colons. Throws std::invalid_argument naming the problem when it is malformed.
Sha256 ParseFingerprint(const std::string& text);
// The canonical form: upper-case hex pairs joined by colons.
std::string FormatFingerprint(const Sha256& digest);
// Throws std::invalid_argument unless `pem` holds a PEM certificate (a CA that is not PEM would
// only surface as a vague handshake error on first use).
void CheckCaPem(const std::string& pem);

class CurlHttpClient : public HttpClient {
 public:
  // Throws std::invalid_argument for a malformed fingerprint or a CA that is not PEM, before
  // any connection is made.
  CurlHttpClient(TlsTrust trust, Timeouts timeouts, Schemes schemes = Schemes::HttpsOnly);
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  // Throws TransportError; the message is curl's text and never repeats headers or body.
  Response Send(const Request& request) override;

 private:
  struct State;  // the curl handle and what one exchange collects; curl.h stays out of here
  std::unique_ptr<State> state_;
};

}  // namespace pm::http
