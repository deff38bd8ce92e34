// pmproxmox entry point.
#include "entry/main.h"
#include "pmproxmox/proxmox_module.h"

int main(int argc, char** argv) {
  pm::pmproxmox::ProxmoxModule module;
  return pm::entry::Main(module, argc, argv);
}
