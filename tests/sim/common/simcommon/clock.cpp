#include "simcommon/clock.h"

#include <algorithm>
#include <cmath>

namespace simcommon {

SimClock::SimClock(double time_scale, double offset_seconds)
    : scale_(time_scale),
      wall_at_start_(
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
              .count()),
      steady_at_start_(std::chrono::steady_clock::now()),
      offset_(offset_seconds) {}

double SimClock::Now() const {
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - steady_at_start_;
  return wall_at_start_ + elapsed.count() + offset_.load();
}

std::time_t SimClock::NowSeconds() const { return static_cast<std::time_t>(std::floor(Now())); }

void SimClock::Advance(double seconds) { offset_.fetch_add(seconds); }

double SimClock::DeadlineAfter(double sim_seconds) const { return Now() + sim_seconds * scale_; }

std::chrono::nanoseconds SimClock::RealTimeUntil(double deadline) const {
  // Clamped so that "never" (infinity) still converts to a finite wait.
  double left = std::clamp(deadline - Now(), 0.0, 3600.0);
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(left));
}

std::chrono::nanoseconds SimClock::RealDuration(double sim_seconds) const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double>(std::max(0.0, sim_seconds * scale_)));
}

}  // namespace simcommon
