// The VM's host name from the service's domain, as every hypervisor wants it: a DNS name.
#pragma once

#include <string>

namespace pm::vps {

// "My Server_1.example.com" → "my-server-1.example.com"; "vps-<item>" when nothing usable is left.
std::string HostnameFor(const std::string& domain, long item);

}  // namespace pm::vps
