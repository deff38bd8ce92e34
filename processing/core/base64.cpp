#include "core/base64.h"

#include <openssl/evp.h>

namespace pm::core {

std::string Base64Encode(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  text.resize(static_cast<size_t>(n));
  return text;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c != '\n' && c != '\r' && c != ' ') compact += c;
  }
  if (compact.size() % 4 != 0) return std::nullopt;
  std::string bytes(compact.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                          reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
  if (n < 0) return std::nullopt;
  size_t padding = compact.empty() ? 0 : compact.size() - compact.find_last_not_of('=') - 1;
  bytes.resize(static_cast<size_t>(n) - padding);
  return bytes;
}

}  // namespace pm::core
