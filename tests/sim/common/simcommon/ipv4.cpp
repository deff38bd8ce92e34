#include "simcommon/ipv4.h"

#include <cstdio>

#include "simcommon/text.h"

namespace simcommon {

std::string IpText(uint32_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "%u.%u.%u.%u", (value >> 24) & 255u, (value >> 16) & 255u,
                (value >> 8) & 255u, value & 255u);
  return text;
}

std::optional<uint32_t> ParseIp(const std::string& text) {
  auto parts = Split(text, '.');
  if (parts.size() != 4) return std::nullopt;
  uint32_t value = 0;
  for (const std::string& part : parts) {
    if (part.empty() || part.size() > 3 ||
        part.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    int octet = std::stoi(part);
    if (octet > 255) return std::nullopt;
    value = (value << 8) | static_cast<uint32_t>(octet);
  }
  return value;
}

}  // namespace simcommon
