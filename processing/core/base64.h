// Standard base64 (RFC 4648, padded, no line breaks): how the panel stores crypted values and how
// the state stores sealed ones.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pm::core {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not base64; line breaks and spaces in it are ignored.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace pm::core
