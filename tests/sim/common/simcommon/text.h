#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace simcommon {

std::vector<std::string> Split(std::string_view text, char separator);
std::string Join(const std::vector<std::string>& items, std::string_view separator);
std::string Trim(std::string_view text);
std::string ToLower(std::string_view text);
std::string FirstLine(std::string_view text);

// Percent-decoding as pve-http-server does it; `plus_is_space` for form bodies.
std::string PercentDecode(std::string_view text, bool plus_is_space);

// Perl-style integer check used by PVE::JSONSchema::check_type (optional sign, digits).
bool IsInteger(std::string_view text);

}  // namespace simcommon
