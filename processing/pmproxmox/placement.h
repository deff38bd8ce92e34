// Where a new VM goes: which template to clone (for the ordered OS) and so which node, and the
// target storage. Tariff settings override the module's defaults of the same name.
#pragma once

#include <string>
#include <vector>

#include "core/service.h"
#include "proxmox/cluster.h"

namespace pm::pmproxmox {

struct Placement {
  std::string node;  // the template's node: a clone without `target` stays there
  int template_vmid = 0;
  std::string storage;  // empty = the template's own storage
};

// Among the templates for the service's `ostempl` on allowed, online nodes, the one on the
// node with the most free memory. Error{notfound|value} when there is none.
Placement ChoosePlacement(const core::ModuleConfig& module, const core::Service& service,
                          const std::vector<proxmox::Guest>& guests, const std::vector<proxmox::NodeInfo>& nodes);

}  // namespace pm::pmproxmox
