// Proxmox VM templates as the panel's OS list (`ostempl` values): a template's internal name is
// derived from its name, so it stays the same when the template is rebuilt under a new VMID or
// copied to another node.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "proxmox/cluster.h"

namespace pm::pmproxmox {

// "Debian 12 (cloud)" → "debian-12-cloud": lower case, [a-z0-9._-], runs of others → '-'.
std::string TemplateIntname(const std::string& name);

// intname → label, over all QEMU templates of the cluster.
std::map<std::string, std::string> TemplatesOnCluster(const std::vector<proxmox::Guest>& guests);

// Templates that can serve `intname`: the tariff's override ("intname=vmid" lines) when it names
// one, else every template whose name maps to `intname`.
std::vector<proxmox::Guest> TemplatesFor(const std::string& intname, const std::string& overrides,
                                         const std::vector<proxmox::Guest>& guests);

}  // namespace pm::pmproxmox
