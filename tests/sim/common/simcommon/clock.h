#pragma once

#include <atomic>
#include <chrono>
#include <ctime>

namespace simcommon {

// Simulated time. The clock reads like the wall clock plus an offset: the one it was started
// with (a cluster whose clock disagrees with the host's) and whatever the control API advanced
// since (tickets expire, backups get later names). Simulated *durations* (task run times,
// lock timeouts, the 3 s delay of failed logins) are multiplied by the time scale, so a test at
// scale 0.05 waits 75 ms for a 1.5 s clone. Deadlines are points on the simulated clock, so
// advancing it also lets pending waits expire at once.
class SimClock {
 public:
  SimClock(double time_scale, double offset_seconds);

  double Now() const;
  std::time_t NowSeconds() const;
  double Scale() const { return scale_; }
  void Advance(double seconds);
  // Seconds the clock is ahead of the wall clock (negative: behind).
  double Offset() const { return offset_.load(); }

  // The simulated instant at which a simulated duration starting now has passed.
  double DeadlineAfter(double sim_seconds) const;
  // Real time left until a simulated instant; zero if already passed.
  std::chrono::nanoseconds RealTimeUntil(double deadline) const;
  // Real time a simulated duration takes.
  std::chrono::nanoseconds RealDuration(double sim_seconds) const;

 private:
  double scale_;
  double wall_at_start_;
  std::chrono::steady_clock::time_point steady_at_start_;
  std::atomic<double> offset_;
};

}  // namespace simcommon
