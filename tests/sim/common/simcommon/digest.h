#pragma once

#include <string>
#include <string_view>

namespace simcommon {

// Lower-case hex digests: what the state documents show instead of a password
// (password_sha256), and PVE's config digest (SHA-1).
std::string Sha256Hex(std::string_view data);
std::string Sha1Hex(std::string_view data);

}  // namespace simcommon
