// VMmanager accounts (notes A19): the owners of hosts, found by e-mail.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vmmanager6/api.h"

namespace pm::vmmanager6 {

struct Account {
  long long id = 0;
  std::string email;
  std::vector<std::string> roles;
  bool Admin() const;  // a role containing "@admin"
};

// E-mail comparison is exact, as the platform's filter is.
std::optional<Account> FindAccount(Api& api, const std::string& email);
// POST /vm/v3/account {email, password, role}; the new account's id.
long long CreateAccount(Api& api, const std::string& email, const std::string& password, const std::string& role);

}  // namespace pm::vmmanager6
