#include "core/main.h"

#include <iostream>
#include <string>
#include <vector>

#include "core/mgrctl_panel.h"
#include "core/stdin_source.h"

namespace pm::core {

int Main(Module& module, int argc, char** argv) {
  std::string root = MgrRoot();
  Log log(module.Name(), root);
  StdinSource source(std::cin);
  MgrctlPanel panel(MgrctlPath(), log);
  Dependencies deps{source, panel, log, std::cout, root};
  return Run(module, std::vector<std::string>(argv, argv + argc), deps);
}

}  // namespace pm::core
