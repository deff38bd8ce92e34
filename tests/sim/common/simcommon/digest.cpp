#include "simcommon/digest.h"

#include <openssl/evp.h>

namespace simcommon {

namespace {

std::string HexDigest(const EVP_MD* type, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, type, nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) { return HexDigest(EVP_sha256(), data); }

std::string Sha1Hex(std::string_view data) { return HexDigest(EVP_sha1(), data); }

}  // namespace simcommon
