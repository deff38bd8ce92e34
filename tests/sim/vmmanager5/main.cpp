// vm5-sim: the VMmanager 5 KVM API simulator as a standalone process.
//   vm5-sim --state-dir DIR [--port N] [--seed FILE.json] [--time-scale X] [--latency-ms N]
// Prints {"fingerprint":"AB:CD:...","port":N} on stdout once listening (and writes it to
// DIR/ready.json); exits 0 on SIGTERM/SIGINT (simcommon/sim_main.h).
#include "simcommon/sim_main.h"
#include "vm5sim/server.h"

int main(int argc, char** argv) {
  return simcommon::RunSimulator(argc, argv, {.name = "vm5-sim"},
                                 [] { return std::make_unique<vm5sim::Server>(); });
}
