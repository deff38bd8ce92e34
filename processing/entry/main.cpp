#include "entry/main.h"

#include <iostream>
#include <string>
#include <vector>

#include "core/mgrctl_panel.h"
#include "paneldb/database_directory.h"
#include "paneldb/database_source.h"
#include "paneldb/stdin_first.h"

namespace pm::entry {

int Main(core::Module& module, int argc, char** argv) {
  std::string root = core::MgrRoot();
  core::Log log(module.Name(), root);
  core::MgrctlPanel panel(core::MgrctlPath(), log);
  paneldb::DatabaseSource database(module.Name(), panel, log, root);
  paneldb::StdinFirst source(std::cin, database);
  core::Dependencies deps{source, panel, log, std::cout, root, [&](std::unique_ptr<core::ServiceDirectory> registry) {
                            return std::make_unique<paneldb::DatabaseDirectory>(database, module.Traits(), log,
                                                                                std::move(registry));
                          }};
  return core::Run(module, std::vector<std::string>(argv, argv + argc), deps);
}

}  // namespace pm::entry
