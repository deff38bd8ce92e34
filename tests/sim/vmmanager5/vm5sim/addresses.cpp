#include "vm5sim/addresses.h"

#include "vm5sim/errors.h"

namespace vm5sim {

uint32_t ChooseAddress(const World& world, const Params& params) {
  std::string family = params.Get("family").empty() ? "ipv4" : params.Get("family");
  if (family == "ipv4") {
    auto free = world.FreeAddress();
    if (!free) throw ValueError("family", "No free IPv4 address is left in the IP ranges");
    return *free;
  }
  // No IPv6 ranges exist in the simulated panel, so `ipv6` cannot be served either.
  if (family != "special")
    throw ValueError("family", "Family '" + family + "' cannot be assigned (ipv4 or special)");
  std::string text = params.Required("ip");
  auto value = ParseIp(text);
  if (!value) throw ValueError("ip", "'" + text + "' is not an IPv4 address");
  if (!world.InRange(*value))
    throw ValueError("ip", "Address " + text + " is not in any IP range of the panel");
  if (world.FindAddress(*value))
    throw MgrError(type::kExists, "ip", "Address " + text + " is already in use");
  return *value;
}

}  // namespace vm5sim
