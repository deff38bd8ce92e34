#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "simcommon/clock.h"
#include "simcommon/sim_options.h"

namespace simcommon {

// What every simulator's core is built on: the one mutex that request threads, the scheduler and
// the accessors take, the condition `changed` that is notified whenever the world moves (tasks
// progress, locks are released, the clock jumps, the simulator stops) and that sleepers wait on,
// the simulated clock and the configured latency. A simulator's core derives from it; one with a
// scheduler calls Stop() in its own destructor, before the members the scheduler reads are gone.
struct CoreBase {
  explicit CoreBase(const SimOptions& options);
  virtual ~CoreBase();
  CoreBase(const CoreBase&) = delete;
  CoreBase& operator=(const CoreBase&) = delete;

  // For simulators whose work goes on between requests: a thread that calls `run_due(now)` under
  // the mutex (it does what is due and returns the simulated time of the next event), then
  // sleeps until then or until `changed` is notified.
  void StartScheduler(std::function<double(double now)> run_due);
  // Wakes every sleeper for good (handlers sleeping on latency, lock waiters) and joins the
  // scheduler.
  void Stop();
  void AdvanceClock(double seconds);
  // Sleeps `real` without the mutex; returns early when the simulator stops.
  void SleepUnlocked(std::unique_lock<std::mutex>& lock, std::chrono::nanoseconds real);
  // Waits without the mutex until `done()` holds (checked whenever `changed` is notified), for
  // up to `timeout_seconds` of real time; returns done().
  template <typename Done>
  bool WaitUntil(std::unique_lock<std::mutex>& lock, double timeout_seconds, Done done) {
    auto until =
        std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(
                                               std::chrono::duration<double>(timeout_seconds));
    return changed.wait_until(lock, until, done);
  }

  std::mutex mutex;
  std::condition_variable changed;
  SimClock clock;
  int latency_ms;
  // The request log (GET /_sim/requests): a row per API request with what the simulator keeps
  // of it, never a secret.
  std::vector<nlohmann::json> requests;
  bool stopping = false;

 private:
  std::thread scheduler_;
};

}  // namespace simcommon
