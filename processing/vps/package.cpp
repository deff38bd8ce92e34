#include "vps/package.h"

#include <cmath>

#include "core/error.h"
#include "core/units.h"

namespace pm::vps {
namespace {

using core::RateUnit;
using core::SizeUnit;

core::Resource Required(const core::Service& service, const std::string& name) {
  auto resource = service.Addon(name);
  if (!resource) throw core::MissedError(name);
  return *resource;
}

std::optional<double> PositiveNumber(const core::Service& service, const std::string& name) {
  auto resource = service.Addon(name);
  if (!resource) return std::nullopt;
  if (!std::isfinite(resource->value) || resource->value < 0 || resource->value > 1e9) {
    throw core::ValueError(name, "must be a number from 0 to 1e9");
  }
  if (resource->value == 0) return std::nullopt;
  return resource->value;
}

std::optional<double> RateMbit(const core::Service& service, const std::string& name) {
  auto resource = service.Addon(name);
  if (!resource) return std::nullopt;
  double value = core::RateIn(name, *resource, RateUnit::Mbit);
  if (value == 0) return std::nullopt;
  return value;
}

}  // namespace

Package PackageOf(const core::Service& service) {
  Package package;
  double cores = Required(service, "ncpu").value;
  if (cores < 1 || cores > 1024 || cores != std::floor(cores)) {
    throw core::ValueError("ncpu", "must be a whole number of cores from 1 to 1024");
  }
  package.cores = static_cast<int>(cores);
  package.memory_mib = core::SizeIn("mem", Required(service, "mem"), SizeUnit::MiB, SizeUnit::MiB);
  if (package.memory_mib < 16) throw core::ValueError("mem", "must be at least 16 MiB");
  package.disk_gib = core::SizeIn("disc", Required(service, "disc"), SizeUnit::GiB, SizeUnit::MiB);
  if (package.disk_gib == 0) throw core::ValueError("disc", "must be larger than zero");
  if (auto disk2 = service.Addon("disc2")) package.disk2_gib = core::SizeIn("disc2", *disk2, SizeUnit::GiB, SizeUnit::MiB);
  package.disk_mbps = PositiveNumber(service, "iolimit");
  if (auto iops = PositiveNumber(service, "iopslimit")) package.disk_iops = static_cast<std::uint64_t>(std::ceil(*iops));
  package.inbound_mbit = RateMbit(service, "inbound");
  package.outbound_mbit = RateMbit(service, "outbound");
  return package;
}

}  // namespace pm::vps
