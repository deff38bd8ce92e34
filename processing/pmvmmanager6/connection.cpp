#include "pmvmmanager6/connection.h"

#include "common/numbers.h"
#include "core/error.h"
#include "http/curl_client.h"
#include "http/retry.h"
#include "vps/api_timeout.h"
#include "vps/tls_trust.h"

namespace pm::pmvmmanager6 {
namespace {

// The session token in the module's state, sealed with the module's key (core/secret_box.h).
// It is kept with the URL and e-mail it was issued for, so a changed form signs in anew.
class StateTokens : public vmmanager6::TokenCache {
 public:
  StateTokens(core::Context& ctx, std::string issuer) : ctx_(ctx), issuer_(std::move(issuer)) {
    ctx_.state().Exec(
        "CREATE TABLE IF NOT EXISTS vm6_token (module INTEGER PRIMARY KEY, issuer TEXT NOT NULL, token TEXT NOT NULL)");
  }

  std::optional<std::string> Load() override {
    auto rows = ctx_.state().Query("SELECT token FROM vm6_token WHERE module = ? AND issuer = ?",
                                   {std::to_string(ctx_.module().id), issuer_});
    if (rows.empty() || !rows[0][0]) return std::nullopt;
    std::string token = ctx_.files.Secrets().Open(*rows[0][0]);
    ctx_.log.Redact(token);
    return token;
  }

  void Save(const std::string& token) override {
    ctx_.log.Redact(token);
    ctx_.state().Exec("INSERT OR REPLACE INTO vm6_token (module, issuer, token) VALUES (?, ?, ?)",
                      {std::to_string(ctx_.module().id), issuer_, ctx_.files.Secrets().Seal(token)});
  }

 private:
  core::Context& ctx_;
  std::string issuer_;
};

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
  tokens_ = std::make_unique<StateTokens>(ctx, base + " " + email);
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
