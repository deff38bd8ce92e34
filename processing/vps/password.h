// Passwords the module chooses itself: for a VM whose service names none, and for a client's
// account on the hypervisor panel.
#pragma once

#include <string>

namespace pm::vps {

// 16 characters from letters and digits that cannot be mistaken for one another.
std::string RandomPassword();

}  // namespace pm::vps
