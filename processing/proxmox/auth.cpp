#include "proxmox/auth.h"

#include "http/form.h"
#include "proxmox/api.h"
#include "proxmox/errors.h"
#include "proxmox/fields.h"

namespace pm::proxmox {

TicketAuth::TicketAuth(http::HttpClient& http, std::string base, std::string username, std::string password,
                       Clock clock)
    : http_(http), base_(std::move(base)), username_(std::move(username)), password_(std::move(password)),
      clock_(std::move(clock)) {}

void TicketAuth::Login(const std::string& password) {
  http::Request request{"POST", base_ + "/access/ticket",
                        {{"Content-Type", "application/x-www-form-urlencoded"}},
                        http::EncodeForm({{"username", username_}, {"password", password}})};
  auto data = DataOf(http_.Send(request));
  ticket_ = TextField(data, "ticket");
  csrf_ = TextField(data, "CSRFPreventionToken");
  if (ticket_.empty()) throw ApiError(401, "authentication failure: no ticket in the answer");
  issued_ = clock_();
}

void TicketAuth::Sign(http::Request& request) {
  auto now = clock_();
  if (ticket_.empty()) {
    Login(password_);
  } else if (now - issued_ >= kRenewAfter) {
    // Renewing with the ticket itself keeps working even if the password changes meanwhile;
    // fall back to the password if the ticket was already refused.
    try {
      Login(ticket_);
    } catch (const ApiError&) {
      Login(password_);
    }
  }
  request.headers["Cookie"] = "PVEAuthCookie=" + http::PercentEncode(ticket_);
  if (request.method != "GET") request.headers["CSRFPreventionToken"] = csrf_;
}

bool TicketAuth::Invalidate() {
  bool had_ticket = !ticket_.empty();
  ticket_.clear();
  return had_ticket;
}

}  // namespace pm::proxmox
