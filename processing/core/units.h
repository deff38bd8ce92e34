// Resource unit conversion. The panel may send any of KiB/MiB/GiB/TiB for sizes and
// Kbit/Mbit/Gbit (per second) for rates (contract §3); a bare number is in the default unit.
#pragma once

#include <cstdint>
#include <string>

#include "core/service.h"

namespace pm::core {

enum class SizeUnit { KiB, MiB, GiB, TiB };
enum class RateUnit { Kbit, Mbit, Gbit };

// Converts `resource` (named `name` for errors) to `unit`, rounding up to a whole unit.
// Unknown measures and negative values are ValueErrors.
std::uint64_t SizeIn(const std::string& name, const Resource& resource, SizeUnit unit, SizeUnit bare = SizeUnit::MiB);
double RateIn(const std::string& name, const Resource& resource, RateUnit unit, RateUnit bare = RateUnit::Mbit);

}  // namespace pm::core
