#include "common/numbers.h"

#include <charconv>
#include <cmath>

namespace pm::common {

std::optional<long long> ParseWhole(std::string_view text, long long min, long long max) {
  long long value = 0;
  // from_chars takes a leading '-' but not '+', and no spaces: exactly what we accept.
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> ParseDecimal(std::string_view text) {
  // from_chars reads "inf", "nan" and "infinity" as numbers; none of them is an amount.
  if (text.empty() || text.find_first_not_of("0123456789.eE-+") != std::string_view::npos) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace pm::common
