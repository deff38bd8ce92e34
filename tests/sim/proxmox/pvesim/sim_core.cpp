#include "pvesim/sim_core.h"

#include <algorithm>

#include "pvesim/api_error.h"

namespace pvesim {

namespace {
constexpr std::chrono::milliseconds kWaiterPoll(20);
}  // namespace

SimCore::SimCore(const simcommon::SimOptions& options) : CoreBase(options), tasks(*this) {}

double SimCore::RunDue(double now) {
  double next = tasks.RunDue(now);
  if (auto expiry = locks.NextExpiry(now)) next = std::min(next, *expiry);
  return next;
}

void SimCore::WaitForLock(std::unique_lock<std::mutex>& lock, const std::string& name, bool shared,
                          double timeout) {
  static const std::string kProbe = "request-probe";
  double deadline = clock.DeadlineAfter(timeout);
  while (true) {
    double now = clock.Now();
    if (locks.TryAcquire(name, kProbe, shared, now)) {
      locks.Release(name, kProbe);
      return;
    }
    if (now >= deadline || stopping) throw Fail(LockTable::TimeoutMessage(name));
    auto wait = std::min<std::chrono::nanoseconds>(clock.RealTimeUntil(deadline), kWaiterPoll);
    changed.wait_for(lock, wait);
  }
}

}  // namespace pvesim
