// pmvmmanager6 entry point: wires the real adapters (stdin document, mgrctl, log) to the module.
#include <iostream>
#include <string>
#include <vector>

#include "core/mgrctl_panel.h"
#include "core/module.h"
#include "core/stdin_source.h"
#include "pmvmmanager6/vm6_module.h"

int main(int argc, char** argv) {
  pm::pmvmmanager6::Vm6Module module;
  std::string root = pm::core::MgrRoot();
  pm::core::Log log(module.Name(), root);
  pm::core::StdinSource source(std::cin);
  pm::core::MgrctlPanel panel(pm::core::MgrctlPath(), log);
  pm::core::Dependencies deps{source, panel, log, std::cout, root};
  return pm::core::Run(module, std::vector<std::string>(argv, argv + argc), deps);
}
