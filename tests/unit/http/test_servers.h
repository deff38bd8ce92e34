// In-process servers on 127.0.0.1 with a kernel-chosen port, for driving CurlHttpClient.
#pragma once

#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include <httplib.h>

#include <atomic>
#include <string>
#include <thread>

#include "test_certs.h"

namespace pm::http::test_support {

// cpp-httplib over TLS. GET /hello answers "hello"; any method on /echo answers
// "<method> <body> <X-Probe header>" so tests can see what actually went over the wire.
class HttpsServer {
 public:
  explicit HttpsServer(const KeyAndCert& identity);
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  std::string Url(const std::string& path) const;

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

// Plain-HTTP server that reads each request head and answers with a fixed byte string, which
// can be any status line (httplib cannot send a custom reason phrase). An empty reply closes the
// connection without answering, like a crashed worker.
class ScriptedServer {
 public:
  explicit ScriptedServer(std::string reply);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  std::string Url(const std::string& path) const;
  int Requests() const { return requests_; }

 private:
  void Serve();

  std::string reply_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

// Plain HTTP with keep-alive: a connection's first request gets a 200; any later request on it,
// and every request on a new connection after the first, is read and then left unanswered (the
// connection is closed), like a pveproxy worker that dies after doing the work. Counts the
// writes (anything but GET) that arrived.
class HangsUpOnReusedConnection {
 public:
  HangsUpOnReusedConnection();
  ~HangsUpOnReusedConnection();
  HangsUpOnReusedConnection(const HangsUpOnReusedConnection&) = delete;
  HangsUpOnReusedConnection& operator=(const HangsUpOnReusedConnection&) = delete;

  std::string Url(const std::string& path) const;
  int Writes() const { return writes_; }

 private:
  void Serve();

  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> writes_{0};
  std::thread thread_;
};

// A listening socket that never accepts: the kernel completes the TCP handshake and then
// nothing ever answers, so every client call stalls until its timeout.
class StalledServer {
 public:
  StalledServer();
  ~StalledServer();
  StalledServer(const StalledServer&) = delete;
  StalledServer& operator=(const StalledServer&) = delete;

  std::string Url(const std::string& scheme) const;

 private:
  int listener_ = -1;
  int port_ = 0;
};

// A port that is bound (so nobody else takes it) but not listening: connections are refused.
class RefusingPort {
 public:
  RefusingPort();
  ~RefusingPort();
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;

  std::string Url() const;

 private:
  int socket_ = -1;
  int port_ = 0;
};

}  // namespace pm::http::test_support
