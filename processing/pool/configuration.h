// A configuration of the server pool (contract §12): what makes two orders interchangeable, so
// that a server made ahead for one can be handed to the other.
#pragma once

#include <compare>
#include <string>

namespace pm::pool {

struct Configuration {
  std::string os;           // the OS template's internal name
  long long cores = 0;
  long long memory_mib = 0;
  long long disk_mib = 0;   // the system disk
  std::string preset;       // the hypervisor's preset or tariff template; empty when none

  auto operator<=>(const Configuration&) const = default;
};

// "debian-12, 1 core, 1024 MiB, 10240 MiB disk": how logs and errors name a configuration.
std::string Describe(const Configuration& configuration);

}  // namespace pm::pool
