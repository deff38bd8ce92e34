// What the client paid for, in the units hypervisors take. Pure data from the service.
#pragma once

#include <cstdint>
#include <optional>

#include "core/service.h"

namespace pm::vps {

struct Package {
  int cores = 1;
  std::uint64_t memory_mib = 0;
  std::uint64_t disk_gib = 0;
  std::uint64_t disk2_gib = 0;             // 0 = no additional disk
  std::optional<double> disk_mbps;         // iolimit, MB/s, read and write each
  std::optional<std::uint64_t> disk_iops;  // iopslimit, read and write each
  std::optional<double> inbound_mbit;      // network rate into the VM, Mbit/s
  std::optional<double> outbound_mbit;     // and out of it
};

// Reads ncpu, mem, disc (required) and disc2, iolimit, iopslimit, inbound/outbound (optional).
// A zero limit means unlimited. Throws core::Error (missed/value).
Package PackageOf(const core::Service& service);

}  // namespace pm::vps
