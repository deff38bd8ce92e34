// What a hypervisor does for the pool tick; each module implements it over its own API. Every
// call is one remote action or look and never waits for a long task: the tick comes back to a
// server on later ticks. Calls throw the hypervisor's own exceptions.
#pragma once

#include <string>
#include <vector>

#include "pool/configuration.h"

namespace pm::vps::pool {

// A server carrying this module's pool marker, as the hypervisor shows it now.
struct PooledVm {
  enum class State { Creating, Ready, Failed, Deleting };
  long long id = 0;
  std::string name;
  State state = State::Creating;
};

class PoolDriver {
 public:
  virtual ~PoolDriver() = default;
  // Every server that carries the module's pool marker and no service's marker.
  virtual std::vector<PooledVm> Pooled() = 0;
  // Whether the creation of a server that is no longer being created failed (the platform may
  // show a failed one as merely stopped).
  virtual bool CreationFailed(long long id) = 0;
  // Starts making a server of `configuration` named `name`, owned by the pool's account and
  // marked as pooled; returns its id.
  virtual long long Create(const pm::pool::Configuration& configuration, const std::string& name) = 0;
  // Starts deleting a pooled server.
  virtual void Delete(long long id) = 0;
};

}  // namespace pm::vps::pool
