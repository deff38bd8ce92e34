// The module's own memory of each service's VM, in the module's state. The VM's id is written
// *before* the hypervisor is asked to create it, so a rerun after a crash finds and adopts its
// own VM instead of making a second one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/sqlite.h"

namespace pm::vps {

enum class VmPhase {
  Planned,    // the id is chosen; the VM may or may not exist yet
  Active,
  Suspended,
};

struct VmRecord {
  long item = 0;
  long module = 0;
  int vmid = 0;
  std::string node;           // where it runs, for hypervisors that place VMs on nodes
  VmPhase phase = VmPhase::Planned;
  std::string mac;            // primary MAC, fixed at the first configuration and kept forever
  std::string ip;
  std::string before_suspend;  // what suspend changed, for resume to restore (Proxmox: the
                              // onboot setting; VMmanager: whether the host was running)
  std::string password;       // a generated password until the panel has saved it
};

class VmRecords {
 public:
  explicit VmRecords(core::Sqlite& db);

  std::optional<VmRecord> Find(long item);
  std::vector<VmRecord> OfModule(long module);
  void Save(const VmRecord& record);
  void Forget(long item);

 private:
  core::Sqlite& db_;
};

}  // namespace pm::vps
