// Numbers the panel sends (common/numbers.h), as the panel's `value` error naming the value when
// they are not what is due.
#pragma once

#include <string>
#include <string_view>

#include "common/numbers.h"

namespace pm::core {

using common::ParseDecimal;
using common::ParseWhole;

long long RequireWhole(const std::string& name, std::string_view text, long long min, long long max);
double RequireDecimal(const std::string& name, std::string_view text);

}  // namespace pm::core
