#include "pvesim/crypto.h"

#include <crypt.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <regex>
#include <stdexcept>
#include <vector>

namespace pvesim {

namespace {
std::string Base64(const unsigned char* data, size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<size_t>(written));
  return out;
}
}  // namespace

std::string HmacSha256Base64(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  std::string encoded = Base64(digest, length);
  // PVE's Digest::SHA::hmac_sha256_base64 omits the '=' padding.
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return encoded;
}

std::string RandomSecret(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return Base64(raw.data(), raw.size());
}

std::string CryptPassword(const std::string& password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$5$", 0, nullptr, 0, salt, static_cast<int>(sizeof salt))) {
    throw std::runtime_error("crypt_gensalt failed");
  }
  crypt_data data{};
  const char* hash = crypt_r(password.c_str(), salt, &data);
  if (!hash || hash[0] == '*') throw std::runtime_error("crypt failed");
  return hash;
}

bool IsCryptHash(std::string_view text) {
  static const std::regex re(R"(^\$(?:[156]|2[ayb])\$.{20,}$)");
  return std::regex_match(text.begin(), text.end(), re);
}

}  // namespace pvesim
