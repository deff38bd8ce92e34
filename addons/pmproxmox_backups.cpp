// addon/pmproxmox_backups: the XML handler of pmproxmox's Backups page (contract §6).
#include "page_main.h"
#include "pmproxmox/proxmox_module.h"

int main() { return pm::addons::ServeBackupsPage(pm::pmproxmox::ProxmoxTraits()); }
