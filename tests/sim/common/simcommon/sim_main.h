// A simulator executable's main(): the command line (sim_options.h), then the server until
// SIGTERM or SIGINT. Once listening it prints the ready line (ready_file.h) on stdout. Exit codes:
// 0 when stopped by a signal, 1 when the server could not start (a bad seed, a port in use), 2 for
// a bad command line (the usage goes to stderr).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "simcommon/sim_server.h"

namespace simcommon {

struct SimProgram {
  std::string name;                  // "vm6-sim": the usage line and the messages on stderr
  bool clock_offset_option = false;  // takes --clock-offset SECONDS (pve-sim)
};

int RunSimulator(int argc, char** argv, const SimProgram& program,
                 const std::function<std::unique_ptr<SimServer>()>& make_server);

}  // namespace simcommon
