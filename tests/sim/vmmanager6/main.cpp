// vm6-sim: the VMmanager 6 API simulator as a standalone process.
//   vm6-sim --state-dir DIR [--port N] [--seed FILE.json] [--time-scale X] [--latency-ms N]
// Prints {"fingerprint":"AB:CD:...","port":N} on stdout once listening (and writes it to
// DIR/ready.json); exits 0 on SIGTERM/SIGINT (simcommon/sim_main.h).
#include "simcommon/sim_main.h"
#include "vm6sim/server.h"

int main(int argc, char** argv) {
  return simcommon::RunSimulator(argc, argv, {.name = "vm6-sim"},
                                 [] { return std::make_unique<vm6sim::Server>(); });
}
