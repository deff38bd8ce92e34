// Module settings that a tariff may override (contract §9–§11): the tariff's value, else the
// processing module's default of the same name, else a fallback.
#pragma once

#include <string>

#include "core/service.h"

namespace pm::vps {

std::string Setting(const core::ModuleConfig& module, const core::Service& service, const std::string& name,
                    const std::string& fallback = "");

}  // namespace pm::vps
