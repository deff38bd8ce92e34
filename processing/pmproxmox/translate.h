// Hypervisor and transport failures as contract errors (§4): the one place that maps them.
#pragma once

#include <exception>
#include <optional>

#include "core/error.h"

namespace pm::pmproxmox {

std::optional<core::Error> Translate(const std::exception& failure);

}  // namespace pm::pmproxmox
