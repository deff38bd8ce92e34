// vm6-sim: the VMmanager 6 API simulator as a standalone process.
//   vm6-sim --state-dir DIR [--port N] [--seed FILE.json] [--time-scale X] [--latency-ms N]
// Prints {"fingerprint":"AB:CD:...","port":N} on stdout once listening (and writes it to
// DIR/ready.json); exits 0 on SIGTERM/SIGINT.
#include <fstream>
#include <iostream>
#include <string>

#include "simcommon/serve.h"
#include "vm6sim/server.h"

namespace {

void Usage() {
  std::cerr << "usage: vm6-sim --state-dir DIR [--port N (0=any)] [--seed FILE.json] "
               "[--time-scale X] [--latency-ms N]\n";
}

vm6sim::Options ParseArgs(int argc, char** argv) {
  vm6sim::Options options;
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
    } else if (arg == "--time-scale") {
      options.time_scale = std::stod(value);
    } else if (arg == "--latency-ms") {
      options.latency_ms = std::stoi(value);
    } else {
      throw std::invalid_argument("unknown option " + arg);
    }
  }
  if (options.state_dir.empty()) throw std::invalid_argument("--state-dir is required");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  vm6sim::Options options;
  try {
    options = ParseArgs(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "vm6-sim: " << e.what() << "\n";
    Usage();
    return 2;
  }
  return simcommon::ServeUntilSignalled<vm6sim::Server>("vm6-sim", options);
}
