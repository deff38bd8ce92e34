// The module's own memory of each service's VM, in the SQLite state. The VMID and node are
// written *before* the clone starts, so a rerun after a crash finds and adopts its own VM
// instead of making a second one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/sqlite.h"

namespace pm::pmproxmox {

struct VmRecord {
  long item = 0;
  long module = 0;
  int vmid = 0;
  std::string node;
  std::string phase;          // planned → active ⇄ suspended
  std::string mac;            // net0 MAC, fixed at the first configuration and kept forever
  std::string ip;
  std::string onboot;         // onboot before suspend, restored by resume
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

}  // namespace pm::pmproxmox
