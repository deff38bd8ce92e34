#include "simcommon/rng.h"

#include <cstdio>

namespace simcommon {

Rng::Rng() : engine_(std::random_device{}()) {}

std::string Rng::Mac() {
  uint64_t bits = Next();
  char buf[32];
  std::snprintf(buf, sizeof buf, "BC:24:11:%02X:%02X:%02X", static_cast<unsigned>(bits & 0xff),
                static_cast<unsigned>((bits >> 8) & 0xff),
                static_cast<unsigned>((bits >> 16) & 0xff));
  return buf;
}

std::string Rng::Hex(size_t digits) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  while (out.size() < digits) {
    uint64_t bits = Next();
    for (int i = 0; i < 16 && out.size() < digits; ++i, bits >>= 4) out += kHex[bits & 15];
  }
  return out;
}

std::string Rng::Uuid() {
  std::string hex = Hex(32);
  hex[12] = '4';                 // version 4
  hex[16] = "89ab"[Next() % 4];  // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace simcommon
