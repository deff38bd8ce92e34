#include "core/module_traits.h"

namespace pm::core {

const Command* ModuleTraits::Find(const std::string& command) const {
  for (const auto& known : commands) {
    if (known.name == command) return &known;
  }
  return nullptr;
}

std::vector<Command> ContractCommands() {
  return {{"check_connection", CommandKind::Module}, {"get_server_config", CommandKind::Module},
          {"stat", CommandKind::Module},             {"open", CommandKind::Item},
          {"suspend", CommandKind::Item},            {"resume", CommandKind::Item},
          {"close", CommandKind::Item},              {"setparam", CommandKind::Item},
          {"reboot", CommandKind::Item},             {"sync_item", CommandKind::Item}};
}

}  // namespace pm::core
