#include "vmmanager6/accounts.h"

#include "vmmanager6/errors.h"
#include "vmmanager6/fields.h"
#include "vmmanager6/where.h"

namespace pm::vmmanager6 {

bool Account::Admin() const {
  for (const auto& role : roles) {
    if (role.find("@admin") != std::string::npos) return true;
  }
  return false;
}

std::optional<Account> FindAccount(Api& api, const std::string& email) {
  for (const auto& row : ListOf(api.Get("/vm/v3/account", Where::Eq("email", email).Query()), "account")) {
    Account account{Id(row, "id"), Text(row, "email"), {}};
    if (account.email != email) continue;
    if (row.contains("roles") && row["roles"].is_array()) {
      for (const auto& role : row["roles"]) {
        if (role.is_string()) account.roles.push_back(role.get<std::string>());
      }
    }
    return account;
  }
  return std::nullopt;
}

long long CreateAccount(Api& api, const std::string& email, const std::string& password, const std::string& role) {
  return Id(api.Post("/vm/v3/account", {{"email", email}, {"password", password}, {"role", role}}), "id");
}

}  // namespace pm::vmmanager6
