#include "pmproxmox/cloning.h"

#include "proxmox/cluster.h"
#include "proxmox/errors.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {
namespace {

constexpr int kCloneAttempts = 3;

}  // namespace

int CloneTemplate(proxmox::Api& api, core::Log& log, const Placement& placement, const std::string& name,
                  const std::string& description, const std::function<void(int vmid)>& chosen) {
  proxmox::Vm source(api, placement.node, placement.template_vmid);
  for (int attempt = 1;; ++attempt) {
    int vmid = proxmox::NextFreeVmid(api);
    chosen(vmid);
    log.Info("cloning template " + std::to_string(placement.template_vmid) + " on " + placement.node + " into VM " +
             std::to_string(vmid));
    try {
      source.Wait(source.CloneAsync({vmid, name, placement.storage, description, true}));
      return vmid;
    } catch (const proxmox::ApiError& e) {
      if (e.kind() != proxmox::ErrorKind::AlreadyExists || attempt == kCloneAttempts) throw;
      log.Warning("VMID " + std::to_string(vmid) + " was taken meanwhile; choosing another");
    }
  }
}

}  // namespace pm::pmproxmox
