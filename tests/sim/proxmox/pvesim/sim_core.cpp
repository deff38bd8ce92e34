#include "pvesim/sim_core.h"

#include <algorithm>

#include "pvesim/api_error.h"

namespace pvesim {

namespace {
// The scheduler re-checks at least this often (simulated-time deadlines can move when the
// clock is advanced, which notifies anyway; this only bounds drift).
constexpr std::chrono::milliseconds kMaxSleep(200);
constexpr std::chrono::milliseconds kWaiterPoll(20);
}  // namespace

SimCore::SimCore(double time_scale, int latency, double clock_offset)
    : clock(time_scale, clock_offset), latency_ms(latency), tasks(*this) {}

SimCore::~SimCore() { StopScheduler(); }

void SimCore::StartScheduler() {
  scheduler_ = std::thread([this] { SchedulerLoop(); });
}

void SimCore::StopScheduler() {
  {
    std::lock_guard<std::mutex> guard(mutex);
    stopping = true;
  }
  changed.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
}

void SimCore::SchedulerLoop() {
  std::unique_lock<std::mutex> lock(mutex);
  while (!stopping) {
    double now = clock.Now();
    double next = tasks.RunDue(now);
    if (auto expiry = locks.NextExpiry(now)) next = std::min(next, *expiry);
    changed.notify_all();
    auto wait = std::min<std::chrono::nanoseconds>(clock.RealTimeUntil(next), kMaxSleep);
    changed.wait_for(lock, wait);
  }
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

void SimCore::SleepUnlocked(std::unique_lock<std::mutex>& lock, std::chrono::nanoseconds real) {
  auto until = std::chrono::steady_clock::now() + real;
  changed.wait_until(lock, until,
                     [&] { return stopping || std::chrono::steady_clock::now() >= until; });
}

void SimCore::AdvanceClock(double seconds) {
  clock.Advance(seconds);
  changed.notify_all();
}

}  // namespace pvesim
