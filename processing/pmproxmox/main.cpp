// pmproxmox entry point.
#include "core/main.h"
#include "pmproxmox/proxmox_module.h"

int main(int argc, char** argv) {
  pm::pmproxmox::ProxmoxModule module;
  return pm::core::Main(module, argc, argv);
}
