// The one number parser for text from outside the module: the command line, the panel's
// document, forms, settings an admin typed, fields of a hypervisor's answers. Plain decimal text
// only: no '+', no spaces, no hex, no "nan" or "inf", nothing after the digits. No layer's errors
// here: core/numbers.h turns a bad value into the panel's `value` error.
#pragma once

#include <optional>
#include <string_view>

namespace pm::common {

// A whole number from `min` to `max`; nullopt for anything else.
std::optional<long long> ParseWhole(std::string_view text, long long min, long long max);
// A finite decimal ("2", "0.5", "1e3"); nullopt for anything else, "nan" and "inf" included.
std::optional<double> ParseDecimal(std::string_view text);

}  // namespace pm::common
