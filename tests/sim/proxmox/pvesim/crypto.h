#pragma once

#include <string>
#include <string_view>

#include "simcommon/digest.h"

namespace pvesim {

using simcommon::Sha1Hex;  // PVE's config digest
// Base64 (no newlines) of HMAC-SHA256, as PVE's CSRF tokens use.
std::string HmacSha256Base64(std::string_view key, std::string_view data);
std::string RandomSecret(size_t bytes);
// crypt(3) SHA-256 hash ("$5$...") like PVE::Tools::encrypt_pw.
std::string CryptPassword(const std::string& password);
// True for strings that already look like crypt hashes (PVE stores those unchanged).
bool IsCryptHash(std::string_view text);

}  // namespace pvesim
