#include "simcommon/core_base.h"

#include <algorithm>

namespace simcommon {

namespace {
// The scheduler re-checks at least this often (simulated-time deadlines can move when the
// clock is advanced, which notifies anyway; this only bounds drift).
constexpr std::chrono::milliseconds kMaxSleep(200);
}  // namespace

CoreBase::CoreBase(const SimOptions& options)
    : clock(options.time_scale, options.clock_offset), latency_ms(options.latency_ms) {}

CoreBase::~CoreBase() { Stop(); }

void CoreBase::StartScheduler(std::function<double(double now)> run_due) {
  scheduler_ = std::thread([this, run_due = std::move(run_due)] {
    std::unique_lock<std::mutex> lock(mutex);
    while (!stopping) {
      double next = run_due(clock.Now());
      changed.notify_all();
      auto wait = std::min<std::chrono::nanoseconds>(clock.RealTimeUntil(next), kMaxSleep);
      changed.wait_for(lock, wait);
    }
  });
}

void CoreBase::Stop() {
  {
    std::lock_guard<std::mutex> guard(mutex);
    stopping = true;
  }
  changed.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
}

void CoreBase::AdvanceClock(double seconds) {
  clock.Advance(seconds);
  changed.notify_all();
}

void CoreBase::SleepUnlocked(std::unique_lock<std::mutex>& lock, std::chrono::nanoseconds real) {
  auto until = std::chrono::steady_clock::now() + real;
  changed.wait_until(lock, until,
                     [&] { return stopping || std::chrono::steady_clock::now() >= until; });
}

}  // namespace simcommon
