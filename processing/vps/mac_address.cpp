#include "vps/mac_address.h"

#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>

namespace pm::vps {

std::string RandomMac() {
  unsigned char tail[3];
  if (RAND_bytes(tail, sizeof tail) != 1) throw std::runtime_error("no random bytes for a MAC address");
  char text[18];
  std::snprintf(text, sizeof text, "BC:24:11:%02X:%02X:%02X", tail[0], tail[1], tail[2]);
  return text;
}

}  // namespace pm::vps
