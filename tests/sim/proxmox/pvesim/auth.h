#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pvesim/state.h"

namespace pvesim {

// Every privilege PVE 9 knows (what the Administrator role grants).
const std::vector<std::string>& AllPrivileges();

// Tickets and CSRF tokens in PVE's formats ("PVE:<user>:<HEXTIME>::<signature>",
// "<HEXTIME>:<signature>"), signed with a per-server secret instead of the cluster's RSA key.
// Both are accepted from 5 minutes in the future up to PVE's 2 h lifetime.
class TicketSigner {
 public:
  TicketSigner();

  std::string IssueTicket(const std::string& userid, int64_t now) const;
  // The user a ticket was issued to, if it is genuine and still valid.
  std::optional<std::string> VerifyTicket(const std::string& ticket, int64_t now) const;
  std::string IssueCsrfToken(const std::string& userid, int64_t now) const;
  bool VerifyCsrfToken(const std::string& userid, const std::string& token, int64_t now) const;

 private:
  std::string secret_;
};

// PVE::APIServer::Formatter::extract_auth_value: the value of `key` in a Cookie or
// Authorization header ("key=value" or "key value"), URI-unescaped.
std::optional<std::string> ExtractAuthValue(const std::string& header, const std::string& key);

bool CheckPassword(const State& state, const std::string& userid, const std::string& password);
bool UserEnabled(const State& state, const std::string& userid);
// "user@realm!token=secret": the token id ("user@realm!token") if valid.
std::optional<std::string> VerifyApiToken(const State& state, const std::string& value,
                                          int64_t now);

// Effective privileges of a user or token id on an ACL path (ACLs propagate to sub-paths).
std::set<std::string> Privileges(const State& state, const std::string& authid,
                                 const std::string& path);
bool HasPrivilege(const State& state, const std::string& authid, const std::string& path,
                  const std::string& priv);
// raise_perm_exc("<path>, <priv>") unless granted.
void RequirePrivilege(const State& state, const std::string& authid, const std::string& path,
                      const std::string& priv);
// Any one of `privs` suffices; the error names them joined by '|'.
void RequireAnyPrivilege(const State& state, const std::string& authid, const std::string& path,
                         const std::vector<std::string>& privs);

}  // namespace pvesim
