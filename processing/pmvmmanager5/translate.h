// What a VMmanager 5 failure means to the panel: the contract's error types (§4), with
// VMmanager's own text kept.
#pragma once

#include <exception>
#include <optional>

#include "core/error.h"

namespace pm::pmvmmanager5 {

std::optional<core::Error> Translate(const std::exception& failure);

}  // namespace pm::pmvmmanager5
