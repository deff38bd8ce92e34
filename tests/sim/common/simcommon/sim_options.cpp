#include "simcommon/sim_options.h"

#include <fstream>
#include <stdexcept>
#include <string>

namespace simcommon {

SimOptions ParseCommandLine(int argc, char** argv, bool clock_offset_option) {
  SimOptions options;
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
    } else if (arg == "--clock-offset" && clock_offset_option) {
      options.clock_offset = std::stod(value);  // may be negative: a clock behind the host's
    } else {
      throw std::invalid_argument("unknown option " + arg);
    }
  }
  if (options.state_dir.empty()) throw std::invalid_argument("--state-dir is required");
  return options;
}

std::string UsageLine(const std::string& name, bool clock_offset_option) {
  return "usage: " + name +
         " --state-dir DIR [--port N (0=any)] [--seed FILE.json] [--time-scale X] "
         "[--latency-ms N]" +
         (clock_offset_option ? " [--clock-offset SECONDS]" : "");
}

}  // namespace simcommon
