#include "pool/configuration.h"

namespace pm::pool {

std::string Describe(const Configuration& c) {
  std::string text = c.os + ", " + std::to_string(c.cores) + (c.cores == 1 ? " core, " : " cores, ") +
                     std::to_string(c.memory_mib) + " MiB, " + std::to_string(c.disk_mib) + " MiB disk";
  if (!c.preset.empty()) text += ", preset " + c.preset;
  return text;
}

}  // namespace pm::pool
