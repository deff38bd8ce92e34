#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace simcommon {

// Randomness for MACs, UUIDs and PIDs; callers hold the simulator lock.
class Rng {
 public:
  Rng();

  uint64_t Next() { return engine_(); }
  // A random MAC with the Proxmox OUI, as PVE::Tools::random_ether_addr("BC:24:11").
  std::string Mac();
  std::string Uuid();
  std::string Hex(size_t digits);

 private:
  std::mt19937_64 engine_;
};

}  // namespace simcommon
