// IPv4 addresses as host-order numbers, the way the VMmanager simulators keep their pools.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace simcommon {

std::string IpText(uint32_t value);  // "192.0.2.10"
// Four dot-separated decimal octets of 1-3 digits each; nullopt for anything else.
std::optional<uint32_t> ParseIp(const std::string& text);

}  // namespace simcommon
