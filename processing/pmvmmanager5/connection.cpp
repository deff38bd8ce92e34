#include "pmvmmanager5/connection.h"

#include "core/error.h"
#include "http/curl_client.h"
#include "http/retry.h"
#include "vps/api_timeout.h"
#include "vps/state_session.h"
#include "vps/tls_trust.h"

namespace pm::pmvmmanager5 {

Connection::Connection(core::Context& ctx) {
  const core::Settings& form = ctx.module().params;
  std::string url;
  try {
    url = vmmanager5::PanelUrl(form.Require("url"));
  } catch (const std::invalid_argument& e) {
    throw core::ValueError("url", e.what());
  }
  vmmanager5::Credentials credentials{form.Require("username"), form.Require("password")};
  sessions_ = std::make_unique<vps::StateSession>(ctx, url + " " + credentials.username);
  transport_ = std::make_unique<http::CurlHttpClient>(vps::TlsTrustFrom(form), vps::TimeoutsFrom(form));
  http_ = std::make_unique<http::RetryingHttpClient>(*transport_, http::RetryPolicy{}, vmmanager5::RealSleep);
  api_ = std::make_unique<vmmanager5::Api>(*http_, url, credentials, *sessions_);
}

Connection::~Connection() = default;

}  // namespace pm::pmvmmanager5
