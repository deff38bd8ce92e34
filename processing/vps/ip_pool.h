// The module's own IPv4 pool (module parameter `ip_pool`, "a.b.c.d-a.b.c.e[,…]"), used when the
// panel assigned no address. Leases live in the state; a UNIQUE key makes sure no address is
// given to two services, even by concurrent runs.
#pragma once

#include <optional>
#include <string>

#include "core/sqlite.h"

namespace pm::vps {

class IpPool {
 public:
  IpPool(core::Sqlite& db, long module, std::string ranges);
  // The item's existing lease, or the first free address. Error{quota} when the pool is full,
  // Error{value} when `ip_pool` is malformed.
  std::string Lease(long item);
  void Release(long item);

 private:
  core::Sqlite& db_;
  long module_;
  std::string ranges_;
};

}  // namespace pm::vps
