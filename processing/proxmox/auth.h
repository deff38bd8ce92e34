// How requests prove who we are (notes §3): an API token header, or a ticket cookie plus the
// CSRF header on writes, renewed before its two-hour lifetime runs out.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "http/http_client.h"

namespace pm::proxmox {

class Auth {
 public:
  virtual ~Auth() = default;
  virtual void Sign(http::Request& request) = 0;
  // Called after a 401 on a signed request: drop cached credentials so the next Sign logs in.
  // Returns false when there is nothing to refresh (retrying would fail the same way).
  virtual bool Invalidate() { return false; }
};

class TokenAuth : public Auth {
 public:
  TokenAuth(std::string token_id, std::string secret) : header_("PVEAPIToken=" + token_id + "=" + secret) {}
  void Sign(http::Request& request) override { request.headers["Authorization"] = header_; }

 private:
  std::string header_;
};

using Clock = std::function<std::chrono::system_clock::time_point()>;

class TicketAuth : public Auth {
 public:
  TicketAuth(http::HttpClient& http, std::string base, std::string username, std::string password,
             Clock clock = std::chrono::system_clock::now);
  void Sign(http::Request& request) override;
  bool Invalidate() override;

  // A ticket is renewed after this long (PVE keeps it valid for 2 h; proxmoxer renews hourly).
  static constexpr std::chrono::minutes kRenewAfter{60};

 private:
  void Login(const std::string& password);

  http::HttpClient& http_;
  std::string base_;
  std::string username_;
  std::string password_;
  Clock clock_;
  std::string ticket_;
  std::string csrf_;
  std::chrono::system_clock::time_point issued_;
};

}  // namespace pm::proxmox
