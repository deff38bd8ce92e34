// A new MAC address for a VM's first network card: a server handed from the pool to a buyer gets
// one of its own, as a fresh clone would.
#pragma once

#include <string>

namespace pm::vps {

// "BC:24:11:xx:xx:xx": Proxmox VE's own prefix (what it gives new NICs), the rest random.
std::string RandomMac();

}  // namespace pm::vps
