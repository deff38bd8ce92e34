// Failures of the HTTPS transport as contract errors (§4), the same for every hypervisor: the
// panel of `who` ("Proxmox", "VMmanager") could not be reached. The error's object is `who` in
// lower case.
#pragma once

#include <exception>
#include <optional>
#include <string>

#include "core/error.h"

namespace pm::vps {

std::optional<core::Error> TranslateTransport(const std::exception& failure, const std::string& who);

}  // namespace pm::vps
