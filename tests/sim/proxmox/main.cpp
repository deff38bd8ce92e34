// pve-sim: the Proxmox VE API simulator as a standalone process.
//   pve-sim --state-dir DIR [--port N] [--seed FILE.json] [--time-scale X] [--latency-ms N]
//           [--clock-offset SECONDS]
// Prints {"fingerprint":"AB:CD:...","port":N} on stdout once listening (and writes it to
// DIR/ready.json); exits 0 on SIGTERM/SIGINT (simcommon/sim_main.h).
#include "pvesim/server.h"
#include "simcommon/sim_main.h"

int main(int argc, char** argv) {
  return simcommon::RunSimulator(argc, argv, {.name = "pve-sim", .clock_offset_option = true},
                                 [] { return std::make_unique<pvesim::Server>(); });
}
