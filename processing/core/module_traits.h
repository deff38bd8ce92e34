// What a module says about itself: its name, its connection form (and which fields are secrets),
// and every command it takes with the input each needs. The core derives the `features` answer,
// secret masking, input checks and dispatch from this, so no list of commands or parameters is
// fixed anywhere else.
#pragma once

#include <string>
#include <vector>

namespace pm::core {

enum class CommandKind {
  Module,  // works with the processing module's connection (check_connection, get_server_config, stat)
  Item,    // works on one service: needs <item> too, and runs alone for that service
  Cron,    // started by cron without a document: works from the module's state (contract §2)
};

struct Command {
  std::string name;
  CommandKind kind;
};

struct ModuleTraits {
  std::string name;      // "pmproxmox": the executable, its log and its state file are named after it
  std::string itemtype;  // the panel's item type it provisions ("vds")
  std::vector<std::string> params;           // connection form fields kept as plain text
  std::vector<std::string> secret_params;    // connection form fields kept crypted and never shown
  std::vector<std::string> service_secrets;  // service params that are secrets ("password")
  std::vector<Command> commands;             // every command but `features`

  const Command* Find(const std::string& command) const;
};

// The commands of contract §2 that every module implements, with their kinds.
std::vector<Command> ContractCommands();

}  // namespace pm::core
