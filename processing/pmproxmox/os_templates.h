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

// What clients read for a template: the first line of its description when it has one
// ("Debian 12 (cloud image)"), else its name. An ownership marker line is not a description.
std::string TemplateLabel(const std::string& name, const std::string& description);

// intname → label, over all QEMU templates of the cluster; `descriptions` by VMID (a template
// missing there is labelled by its name).
std::map<std::string, std::string> TemplatesOnCluster(const std::vector<proxmox::Guest>& guests,
                                                      const std::map<int, std::string>& descriptions);

// Templates that can serve `intname`: the tariff's override ("intname=vmid" lines) when it names
// one, else every template whose name maps to `intname`.
std::vector<proxmox::Guest> TemplatesFor(const std::string& intname, const std::string& overrides,
                                         const std::vector<proxmox::Guest>& guests);

}  // namespace pm::pmproxmox
