#include "pmproxmox/placement.h"

#include <set>
#include <sstream>

#include "core/error.h"
#include "pmproxmox/os_templates.h"
#include "vps/settings.h"

namespace pm::pmproxmox {
namespace {

std::set<std::string> AllowedNodes(const std::string& list) {
  std::set<std::string> nodes;
  std::stringstream stream(list);
  std::string node;
  while (std::getline(stream, node, ',')) {
    auto first = node.find_first_not_of(' ');
    auto last = node.find_last_not_of(' ');
    if (first != std::string::npos) nodes.insert(node.substr(first, last - first + 1));
  }
  return nodes;
}

}  // namespace

Placement ChoosePlacement(const core::ModuleConfig& module, const core::Service& service,
                          const std::vector<proxmox::Guest>& guests, const std::vector<proxmox::NodeInfo>& nodes) {
  std::string ostempl = service.params.Require("ostempl");
  auto templates = TemplatesFor(ostempl, service.pricelist.Get("os_templates"), guests);
  if (templates.empty()) {
    throw core::Error(core::ErrorType::NotFound, "ostempl", "no Proxmox template provides the OS '" + ostempl + "'");
  }
  auto allowed = AllowedNodes(vps::Setting(module, service, "node"));
  const proxmox::Guest* best = nullptr;
  std::uint64_t best_free = 0;
  for (const auto& candidate : templates) {
    if (!allowed.empty() && !allowed.count(candidate.node)) continue;
    for (const auto& node : nodes) {
      if (node.node != candidate.node || !node.online) continue;
      std::uint64_t free = node.maxmem > node.mem ? node.maxmem - node.mem : 0;
      if (!best || free > best_free) {
        best = &candidate;
        best_free = free;
      }
    }
  }
  if (!best) {
    throw core::Error(core::ErrorType::NotFound, "node",
                      "no online node allowed for this tariff holds a template for the OS '" + ostempl + "'");
  }
  return Placement{best->node, best->vmid, vps::Setting(module, service, "storage")};
}

}  // namespace pm::pmproxmox
