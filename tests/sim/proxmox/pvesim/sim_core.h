#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "pvesim/auth.h"
#include "pvesim/faults.h"
#include "pvesim/locks.h"
#include "pvesim/state.h"
#include "pvesim/tasks.h"
#include "simcommon/clock.h"
#include "simcommon/rng.h"

namespace pvesim {

using simcommon::Rng;
using simcommon::SimClock;

// Everything the simulator knows, behind one mutex. Request threads and the task scheduler
// thread take `mutex`; `changed` is notified whenever tasks progress, locks are released or the
// clock jumps, which is what lock waiters and the scheduler sleep on.
struct SimCore {
  SimCore(double time_scale, int latency_ms, double clock_offset);
  ~SimCore();
  SimCore(const SimCore&) = delete;
  SimCore& operator=(const SimCore&) = delete;

  void StartScheduler();
  void StopScheduler();

  // Waits (releasing `lock`) until `name` can be taken, for up to `timeout` simulated
  // seconds; throws the 500 "can't lock file ..." error otherwise. The lock is not kept:
  // synchronous operations finish under the simulator mutex.
  void WaitForLock(std::unique_lock<std::mutex>& lock, const std::string& name, bool shared,
                   double timeout);
  // Sleeps `real` without the mutex; returns early when the simulator stops.
  void SleepUnlocked(std::unique_lock<std::mutex>& lock, std::chrono::nanoseconds real);
  void AdvanceClock(double seconds);

  std::mutex mutex;
  std::condition_variable changed;
  SimClock clock;
  int latency_ms;
  State state;
  LockTable locks;
  TaskManager tasks;
  Faults faults;
  Rng rng;
  TicketSigner signer;
  std::string fingerprint;  // of the TLS certificate, for GET /nodes
  std::vector<std::pair<std::string, std::string>> requests;  // method, path
  bool stopping = false;

 private:
  void SchedulerLoop();
  std::thread scheduler_;
};

}  // namespace pvesim
