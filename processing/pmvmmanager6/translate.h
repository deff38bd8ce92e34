// VMmanager's refusals, lost answers and failed tasks as contract errors (§4), with the
// platform's own text kept verbatim.
#pragma once

#include <exception>
#include <optional>

#include "core/error.h"

namespace pm::pmvmmanager6 {

std::optional<core::Error> Translate(const std::exception& failure);

}  // namespace pm::pmvmmanager6
