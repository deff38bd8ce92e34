// VMmanager 5 users (notes B4): the owners of VMs. A client's user is level 16 and named after
// their e-mail (contract §11).
#pragma once

#include <optional>
#include <string>

#include "vmmanager5/api.h"

namespace pm::vmmanager5 {

struct User {
  long long id = 0;
  std::string name;
  int level = 0;
  bool enabled = true;
};

std::optional<User> FindUser(Api& api, const std::string& name);
// The user `name`, made as a level-16 one when missing. A user of that name made meanwhile (by a
// concurrent run, or a create whose answer was lost) is taken instead of failing.
User EnsureUser(Api& api, const std::string& name, const std::string& password);

}  // namespace pm::vmmanager5
