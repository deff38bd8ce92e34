#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

namespace pvesim {

// The flock()-style locks PVE takes around operations: the per-VM config file lock
// ("vm:<vmid>", /var/lock/qemu-server/lock-<vmid>.conf) and the per-node vzdump lock
// ("vzdump:<node>"). Holders are task UPIDs, or "fault" for locks injected by the control API
// until a simulated time. Callers hold the simulator lock.
class LockTable {
 public:
  bool TryAcquire(const std::string& name, const std::string& holder, bool shared, double now);
  void Release(const std::string& name, const std::string& holder);
  void ReleaseAll(const std::string& holder);
  // Hold `name` exclusively until the simulated time `until` (a file_lock fault).
  void HoldUntil(const std::string& name, double until);
  void ReleaseFaultHolds();
  // The earliest future expiry of a fault hold, for the next wake-up of waiters.
  std::optional<double> NextExpiry(double now) const;

  static std::string VmLock(int vmid) { return "vm:" + std::to_string(vmid); }
  static std::string VzdumpLock(const std::string& node) { return "vzdump:" + node; }
  // PVE's message when the lock cannot be had in time.
  static std::string TimeoutMessage(const std::string& name);

 private:
  struct Entry {
    std::string exclusive;         // holder, or empty
    std::set<std::string> shared;  // holders of a shared lock
    double fault_until = 0;        // exclusive fault hold while now < fault_until
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace pvesim
