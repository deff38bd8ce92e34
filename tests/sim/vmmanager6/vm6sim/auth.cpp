// /auth/v4: password login, tokens, login keys.
#include <algorithm>

#include "simcommon/text.h"
#include "vm6sim/api.h"

namespace vm6sim {

namespace {

using nlohmann::json;

std::optional<std::string> CookieValue(const std::string& header, const std::string& name) {
  for (const std::string& part : simcommon::Split(header, ';')) {
    std::string item = simcommon::Trim(part);
    if (item.rfind(name + "=", 0) == 0) return item.substr(name.size() + 1);
  }
  return std::nullopt;
}

json TokenReply(const Core& core, const Token& token) {
  return {{"id", std::to_string(token.id)},
          {"token", token.token},
          {"expires_at", FormatDate(token.last_used + core.world.token_ttl)},
          {"confirmed", true}};
}

Account* FindUser(Core& core, const std::string& id_or_email) {
  if (!id_or_email.empty() &&
      std::all_of(id_or_email.begin(), id_or_email.end(),
                  [](char c) { return c >= '0' && c <= '9'; }) &&
      id_or_email.size() < 10)
    return simcommon::FindById(core.world.accounts, std::stoi(id_or_email));
  return core.world.FindAccountByEmail(id_or_email);
}

Reply Login(Call& call) {
  static const Schema kSchema = {{"email", FieldType::kString, true},
                                 {"password", FieldType::kString, true}};
  call.Check(kSchema);
  Account* account = call.world().FindAccountByEmail(call.body["email"].get<std::string>());
  if (!account || account->password != call.body["password"].get<std::string>() ||
      account->state != "active")
    throw ApiError(401, code::kBadCredentials, "Invalid email or password");
  return {201, IssueToken(call.core, *account)};
}

Reply LoginByKey(Call& call) {
  static const Schema kSchema = {{"key", FieldType::kString, true}};
  call.Check(kSchema);
  return {201, RedeemKey(call.core, call.body["key"].get<std::string>())};
}

Reply NewKey(Call& call) {
  static const Schema kSchema = {};
  call.RequireAdmin();
  call.Check(kSchema);
  Account* account = FindUser(call.core, call.params.at("user"));
  if (!account) throw InstanceNotFound(call.params.at("user"));
  return {201, IssueKey(call.core, *account)};
}

Reply Logout(Call& call) {
  const std::string& value = call.params.at("token");
  auto it = call.core.tokens.find(value);
  if (it == call.core.tokens.end()) throw InstanceNotFound(value);
  if (it->second.account != call.caller->id && !call.IsAdmin()) throw Forbidden();
  json reply = {{"id", std::to_string(it->second.id)}};
  call.core.tokens.erase(it);
  return {200, reply};
}

}  // namespace

Account& Authenticate(Core& core, const simcommon::HttpRequest& request, std::string& token) {
  token = request.Header("x-xsrf-token");
  if (token.empty()) token = CookieValue(request.Header("Cookie"), "ses6").value_or("");
  auto it = core.tokens.find(token);
  if (token.empty() || it == core.tokens.end()) throw Unauthorized();
  double now = core.clock.Now();
  if (it->second.last_used + core.world.token_ttl < now) {
    core.tokens.erase(it);
    throw Unauthorized();
  }
  Account* account = simcommon::FindById(core.world.accounts, it->second.account);
  if (!account || account->state != "active") throw Unauthorized();
  it->second.last_used = now;
  return *account;
}

json IssueToken(Core& core, const Account& account) {
  Token token;
  token.id = core.next_token_id++;
  token.token = std::to_string(token.id) + "-" + core.rng.Uuid();
  token.account = account.id;
  token.last_used = core.clock.Now();
  json reply = TokenReply(core, token);
  core.tokens.emplace(token.token, token);
  return reply;
}

json IssueKey(Core& core, const Account& account) {
  LoginKey key;
  key.id = core.next_key_id++;
  key.key = std::to_string(key.id) + "-" + core.rng.Uuid();
  key.account = account.id;
  key.expires = core.clock.Now() + core.world.key_ttl;
  core.keys.emplace(key.key, key);
  return {{"id", std::to_string(key.id)}, {"key", key.key}};
}

json RedeemKey(Core& core, const std::string& value) {
  auto it = core.keys.find(value);
  if (it == core.keys.end() || it->second.expires < core.clock.Now()) {
    if (it != core.keys.end()) core.keys.erase(it);
    throw ApiError(401, code::kBadKey, "Invalid or expired key");
  }
  Account* account = simcommon::FindById(core.world.accounts, it->second.account);
  core.keys.erase(it);  // single use
  if (!account || account->state != "active")
    throw ApiError(401, code::kBadKey, "Invalid or expired key");
  return IssueToken(core, *account);
}

void AddAuthRoutes(std::vector<Route>& routes) {
  routes.push_back({"POST", "/auth/v4/public/token", Login, true});
  routes.push_back({"POST", "/auth/v4/public/key", LoginByKey, true});
  routes.push_back({"POST", "/auth/v4/user/{user}/key", NewKey});
  routes.push_back({"DELETE", "/auth/v4/token/{token}", Logout});
}

}  // namespace vm6sim
