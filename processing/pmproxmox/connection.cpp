#include "pmproxmox/connection.h"

#include "core/error.h"
#include "http/curl_client.h"
#include "http/retry.h"
#include "proxmox/auth.h"
#include "vps/api_timeout.h"
#include "vps/tls_trust.h"

namespace pm::pmproxmox {
namespace {

std::unique_ptr<proxmox::Auth> AuthFrom(const core::Settings& form, http::HttpClient& http, const std::string& base) {
  if (auto token = form.Find("token_id")) {
    if (token->find('!') == std::string::npos || token->find('@') == std::string::npos) {
      throw core::ValueError("token_id", "expected user@realm!tokenname");
    }
    return std::make_unique<proxmox::TokenAuth>(*token, form.Require("token_secret"));
  }
  std::string user = form.Require("username");
  if (user.find('@') == std::string::npos) throw core::ValueError("username", "expected user@realm, e.g. billing@pve");
  return std::make_unique<proxmox::TicketAuth>(http, base, user, form.Require("password"));
}

}  // namespace

Connection::Connection(const core::ModuleConfig& module, core::Log& log) {
  const core::Settings& form = module.params;
  std::string base;
  try {
    base = proxmox::ApiBase(form.Require("url"));
  } catch (const std::invalid_argument& e) {
    throw core::ValueError("url", e.what());
  }
  transport_ = std::make_unique<http::CurlHttpClient>(vps::TlsTrustFrom(form), vps::TimeoutsFrom(form));
  http_ = std::make_unique<http::RetryingHttpClient>(*transport_, http::RetryPolicy{}, proxmox::RealSleep);
  api_ = std::make_unique<proxmox::Api>(*http_, base, AuthFrom(form, *http_, base));
  api_->SetTracer([&log](const std::string& line) { log.Debug("proxmox " + line); });
}

}  // namespace pm::pmproxmox
