#include "core/numbers.h"

#include "core/error.h"

namespace pm::core {

long long RequireWhole(const std::string& name, std::string_view text, long long min, long long max) {
  auto value = ParseWhole(text, min, max);
  if (!value) {
    throw ValueError(name, "'" + std::string(text) + "' is not a whole number from " + std::to_string(min) + " to " +
                               std::to_string(max));
  }
  return *value;
}

double RequireDecimal(const std::string& name, std::string_view text) {
  auto value = ParseDecimal(text);
  if (!value) throw ValueError(name, "'" + std::string(text) + "' is not a number");
  return *value;
}

}  // namespace pm::core
