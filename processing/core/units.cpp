#include "core/units.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "core/error.h"

namespace pm::core {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

double SizeFactor(SizeUnit unit) {  // in KiB
  switch (unit) {
    case SizeUnit::KiB: return 1;
    case SizeUnit::MiB: return 1024;
    case SizeUnit::GiB: return 1024.0 * 1024;
    case SizeUnit::TiB: return 1024.0 * 1024 * 1024;
  }
  return 1;
}

double RateFactor(RateUnit unit) {  // in Kbit/s
  switch (unit) {
    case RateUnit::Kbit: return 1;
    case RateUnit::Mbit: return 1000;
    case RateUnit::Gbit: return 1000 * 1000;
  }
  return 1;
}

// Far above any real package. Checked on the amount and again on the converted amount: 1e14 TiB
// is a small number that becomes more than 2^64 MiB.
constexpr double kLargest = 1e15;

double Checked(const std::string& name, double value) {
  if (!std::isfinite(value) || value < 0 || value > kLargest) {
    throw ValueError(name, "must be a number from 0 to 1e15 in the module's units");
  }
  return value;
}

}  // namespace

std::uint64_t SizeIn(const std::string& name, const Resource& resource, SizeUnit unit, SizeUnit bare) {
  Checked(name, resource.value);
  static const std::map<std::string, SizeUnit> units = {
      {"kib", SizeUnit::KiB}, {"kb", SizeUnit::KiB}, {"mib", SizeUnit::MiB}, {"mb", SizeUnit::MiB},
      {"gib", SizeUnit::GiB}, {"gb", SizeUnit::GiB}, {"tib", SizeUnit::TiB}, {"tb", SizeUnit::TiB}};
  SizeUnit from = bare;
  if (!resource.measure.empty()) {
    auto it = units.find(Lower(resource.measure));
    if (it == units.end()) throw ValueError(name, "unknown size unit '" + resource.measure + "'");
    from = it->second;
  }
  double converted = Checked(name, resource.value * SizeFactor(from) / SizeFactor(unit));
  // Round up, but forgive the float noise of an exact conversion.
  return static_cast<std::uint64_t>(std::ceil(converted - 1e-9));
}

double RateIn(const std::string& name, const Resource& resource, RateUnit unit, RateUnit bare) {
  Checked(name, resource.value);
  static const std::map<std::string, RateUnit> units = {
      {"kbit", RateUnit::Kbit}, {"kbps", RateUnit::Kbit}, {"mbit", RateUnit::Mbit},
      {"mbps", RateUnit::Mbit}, {"gbit", RateUnit::Gbit}, {"gbps", RateUnit::Gbit}};
  RateUnit from = bare;
  if (!resource.measure.empty()) {
    auto it = units.find(Lower(resource.measure));
    if (it == units.end()) throw ValueError(name, "unknown rate unit '" + resource.measure + "'");
    from = it->second;
  }
  return Checked(name, resource.value * RateFactor(from) / RateFactor(unit));
}

}  // namespace pm::core
