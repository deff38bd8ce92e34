#include "pvesim/locks.h"

namespace pvesim {

bool LockTable::TryAcquire(const std::string& name, const std::string& holder, bool shared,
                           double now) {
  Entry& entry = entries_[name];
  if (entry.fault_until > now) return false;
  if (!entry.exclusive.empty() && entry.exclusive != holder) return false;
  if (shared) {
    entry.shared.insert(holder);
    return true;
  }
  bool others_share = entry.shared.size() > (entry.shared.count(holder) ? 1u : 0u);
  if (others_share) return false;
  entry.exclusive = holder;
  return true;
}

void LockTable::Release(const std::string& name, const std::string& holder) {
  auto it = entries_.find(name);
  if (it == entries_.end()) return;
  if (it->second.exclusive == holder) it->second.exclusive.clear();
  it->second.shared.erase(holder);
}

void LockTable::ReleaseAll(const std::string& holder) {
  for (auto& [name, entry] : entries_) {
    if (entry.exclusive == holder) entry.exclusive.clear();
    entry.shared.erase(holder);
  }
}

void LockTable::HoldUntil(const std::string& name, double until) {
  entries_[name].fault_until = until;
}

void LockTable::ReleaseFaultHolds() {
  for (auto& [name, entry] : entries_) entry.fault_until = 0;
}

std::optional<double> LockTable::NextExpiry(double now) const {
  std::optional<double> next;
  for (const auto& [name, entry] : entries_) {
    if (entry.fault_until > now && (!next || entry.fault_until < *next)) next = entry.fault_until;
  }
  return next;
}

std::string LockTable::TimeoutMessage(const std::string& name) {
  if (name.rfind("vm:", 0) == 0) {
    return "can't lock file '/var/lock/qemu-server/lock-" + name.substr(3) + ".conf' - got timeout";
  }
  return "can't acquire lock '/var/run/vzdump.lock' - got timeout";
}

}  // namespace pvesim
