// How a simulator starts: the options every simulator takes, in-process (Server::Start) and on
// its executable's command line.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace simcommon {

struct SimOptions {
  std::filesystem::path state_dir;  // TLS files and ready.json live here
  int port = 0;                     // 0: any free port
  nlohmann::json seed;              // sections replacing the default world's (null: defaults)
  int latency_ms = 0;               // added to every API request (not /_sim)
  double time_scale = 1.0;          // multiplies simulated durations (each simulator's README)
  double clock_offset = 0;          // seconds the simulated clock starts ahead of the wall clock
  bool write_ready_file = true;     // <state_dir>/ready.json once listening
};

// The command line `--state-dir DIR [--port N] [--seed FILE.json] [--time-scale X]
// [--latency-ms N]`, plus `--clock-offset SECONDS` where `clock_offset_option` (pve-sim: a
// cluster whose clock disagrees with the host's). Throws std::invalid_argument (or the JSON
// parser's error for a seed file that is no JSON).
SimOptions ParseCommandLine(int argc, char** argv, bool clock_offset_option);

// "usage: <name> --state-dir DIR ..." for the same options.
std::string UsageLine(const std::string& name, bool clock_offset_option);

}  // namespace simcommon
