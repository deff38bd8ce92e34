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
// A level-16 user; returns its id. A user of that name made meanwhile (by a concurrent run, or a
// create whose answer was lost) is taken instead of failing.
long long EnsureUser(Api& api, const std::string& name, const std::string& password);

}  // namespace pm::vmmanager5
