#include "vm5sim/server.h"

#include "vm5sim/api.h"
#include "vm5sim/core.h"
#include "vm5sim/seed.h"

namespace vm5sim {

int Server::Start(const Options& options) {
  return Serve(options, simcommon::SimulatorCertProfile("vm5", "VMmanager 5 simulator"), [&] {
    auto core = std::make_unique<Core>(options);
    core->world = BuildWorld(options.seed);
    // The headers of COREmanager's own web server.
    return PlainRunning(std::move(core), HandleApiRequest, ControlApi, "ihttpd");
  });
}

std::optional<nlohmann::json> Server::VmState(int id) const {
  nlohmann::json state = State();  // kept: a loop over State()["vms"] would outlive the temporary
  for (const auto& vm : state["vms"]) {
    if (vm["id"] == id) return vm;
  }
  return std::nullopt;
}

}  // namespace vm5sim
