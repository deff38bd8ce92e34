#include "vps/state_session.h"

namespace pm::vps {

StateSession::StateSession(core::Context& ctx, std::string issuer) : ctx_(ctx), issuer_(std::move(issuer)) {
  ctx_.state().Exec(
      "CREATE TABLE IF NOT EXISTS api_session (module INTEGER PRIMARY KEY, issuer TEXT NOT NULL, session TEXT NOT NULL)");
}

std::optional<std::string> StateSession::Load() {
  auto rows = ctx_.state().Query("SELECT session FROM api_session WHERE module = ? AND issuer = ?",
                                 {std::to_string(ctx_.module().id), issuer_});
  if (rows.empty() || !rows[0][0]) return std::nullopt;
  std::string session = ctx_.files.Secrets().Open(*rows[0][0]);
  ctx_.log.Redact(session);
  return session;
}

void StateSession::Save(const std::string& session) {
  ctx_.log.Redact(session);
  ctx_.state().Exec("INSERT OR REPLACE INTO api_session (module, issuer, session) VALUES (?, ?, ?)",
                    {std::to_string(ctx_.module().id), issuer_, ctx_.files.Secrets().Seal(session)});
}

}  // namespace pm::vps
