#include "pmvmmanager6/connection.h"

#include "common/numbers.h"
#include "core/error.h"
#include "http/curl_client.h"
#include "http/retry.h"
#include "vps/api_timeout.h"
#include "vps/state_session.h"
#include "vps/tls_trust.h"

namespace pm::pmvmmanager6 {
namespace {

std::string Names(const std::vector<vmmanager6::Cluster>& clusters) {
  std::string names;
  for (const auto& c : clusters) names += (names.empty() ? "" : ", ") + c.name + " (" + std::to_string(c.id) + ")";
  return names.empty() ? "none" : names;
}

}  // namespace

Connection::Connection(core::Context& ctx) : ctx_(ctx) {
  const core::Settings& form = ctx.module().params;
  std::string base;
  try {
    base = vmmanager6::ApiBase(form.Require("url"));
  } catch (const std::invalid_argument& e) {
    throw core::ValueError("url", e.what());
  }
  std::string email = form.Require("username");
  if (email.find('@') == std::string::npos) {
    throw core::ValueError("username", "expected the e-mail of a VMmanager administrator");
  }
  vmmanager6::Credentials credentials{email, form.Require("password")};
  tokens_ = std::make_unique<vps::StateSession>(ctx, base + " " + email);
  transport_ = std::make_unique<http::CurlHttpClient>(vps::TlsTrustFrom(form), vps::TimeoutsFrom(form));
  http_ = std::make_unique<http::RetryingHttpClient>(*transport_, http::RetryPolicy{}, vmmanager6::RealSleep);
  api_ = std::make_unique<vmmanager6::Api>(*http_, base, credentials, *tokens_);
  api_->SetTracer([&log = ctx.log](const std::string& line) { log.Debug("vmmanager " + line); });
}

Connection::~Connection() = default;

const vmmanager6::Cluster& Connection::cluster() {
  if (cluster_) return *cluster_;
  auto clusters = vmmanager6::ListClusters(*api_);
  std::string wanted = ctx_.module().params.Get("cluster");
  if (wanted.empty()) {
    if (clusters.size() != 1) {
      throw core::ValueError("cluster", "VMmanager has " + std::to_string(clusters.size()) +
                                            " clusters; name the module's in `cluster`: " + Names(clusters));
    }
    return *(cluster_ = clusters.front());
  }
  auto id = common::ParseWhole(wanted, 1, 1LL << 62);
  for (const auto& c : clusters) {
    if (c.name == wanted || (id && c.id == *id)) return *(cluster_ = c);
  }
  throw core::ValueError("cluster", "VMmanager has no cluster '" + wanted + "'; it has " + Names(clusters));
}

}  // namespace pm::pmvmmanager6
