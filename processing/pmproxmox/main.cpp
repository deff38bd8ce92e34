// pmproxmox entry point: wires the real adapters (stdin document, mgrctl, log) to the module.
#include <iostream>
#include <string>
#include <vector>

#include "core/mgrctl_panel.h"
#include "core/module.h"
#include "core/stdin_source.h"
#include "pmproxmox/proxmox_module.h"

int main(int argc, char** argv) {
  pm::pmproxmox::ProxmoxModule module;
  std::string root = pm::core::MgrRoot();
  pm::core::Log log(module.Name(), root);
  pm::core::StdinSource source(std::cin);
  pm::core::MgrctlPanel panel(pm::core::MgrctlPath(), log);
  pm::core::Dependencies deps{source, panel, log, std::cout, root};
  return pm::core::Run(module, std::vector<std::string>(argv, argv + argc), deps);
}
