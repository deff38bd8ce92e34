// The module's command line (contract §2). Unknown options are collected, never fatal.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pm::core {

struct Args {
  std::string command;
  std::optional<long> item;
  std::optional<long> module;
  std::optional<long> runningoperation;
  std::string subcommand;
  std::string lang = "en";
  // changepassword's new password as a stock panel passes it: crypted (contract §13), for the
  // service source to open.
  std::optional<std::string> password;
  std::vector<std::pair<std::string, std::string>> params;  // --param/--value pairs
  std::vector<std::string> ignored;                          // unknown options, for the log
};

// Accepts "--name value" and "--name=value"; numeric options must be numbers (ValueError).
Args ParseArgs(const std::vector<std::string>& argv);

}  // namespace pm::core
