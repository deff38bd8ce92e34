// pve-sim: the Proxmox VE API simulator as a standalone process.
//   pve-sim --state-dir DIR [--port N] [--seed FILE.json] [--latency-ms N] [--time-scale X]
//           [--clock-offset SECONDS]
// Prints {"port":N,"fingerprint":"AB:CD:..."} on stdout once listening; exits on SIGTERM/SIGINT.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "pvesim/server.h"
#include "simcommon/serve.h"

namespace {

void Usage() {
  std::cerr << "usage: pve-sim --state-dir DIR [--port N (0=any)] [--seed FILE.json] "
               "[--latency-ms N] [--time-scale X] [--clock-offset SECONDS]\n";
}

pvesim::Options ParseArgs(int argc, char** argv) {
  pvesim::Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("missing value for " + arg);
    std::string value = argv[++i];
    if (arg == "--state-dir") {
      options.state_dir = value;
    } else if (arg == "--port") {
      options.port = std::stoi(value);
    } else if (arg == "--seed") {
      std::ifstream in(value);
      if (!in) throw std::invalid_argument("cannot read " + value);
      options.seed = nlohmann::json::parse(in);
    } else if (arg == "--latency-ms") {
      options.latency_ms = std::stoi(value);
    } else if (arg == "--time-scale") {
      options.time_scale = std::stod(value);
    } else if (arg == "--clock-offset") {
      options.clock_offset = std::stod(value);  // may be negative: a clock behind the host's
    } else {
      throw std::invalid_argument("unknown option " + arg);
    }
  }
  if (options.state_dir.empty()) throw std::invalid_argument("--state-dir is required");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  pvesim::Options options;
  try {
    options = ParseArgs(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "pve-sim: " << e.what() << "\n";
    Usage();
    return 2;
  }
  return simcommon::ServeUntilSignalled<pvesim::Server>("pve-sim", options);
}
