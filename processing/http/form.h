// application/x-www-form-urlencoded and query strings, the way PVE parses them.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pm::http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// RFC 3986 unreserved characters stay, everything else becomes %XX (space too, never '+').
std::string PercentEncode(const std::string& text);
std::string EncodeForm(const FormFields& fields);

}  // namespace pm::http
