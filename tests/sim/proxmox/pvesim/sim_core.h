#pragma once

#include <mutex>
#include <string>

#include "pvesim/auth.h"
#include "pvesim/faults.h"
#include "pvesim/locks.h"
#include "pvesim/state.h"
#include "pvesim/tasks.h"
#include "simcommon/clock.h"
#include "simcommon/core_base.h"
#include "simcommon/rng.h"

namespace pvesim {

using simcommon::Rng;
using simcommon::SimClock;

// Everything the simulator knows, behind the one mutex (CoreBase). Request threads and the task
// scheduler thread take `mutex`; `changed` is notified whenever tasks progress, locks are
// released or the clock jumps, which is what lock waiters and the scheduler sleep on.
struct SimCore : simcommon::CoreBase {
  explicit SimCore(const simcommon::SimOptions& options);
  ~SimCore() override { Stop(); }

  // What the scheduler runs: tasks and lock expiries that are due; returns the simulated time
  // of the next event.
  double RunDue(double now);

  // Waits (releasing `lock`) until `name` can be taken, for up to `timeout` simulated
  // seconds; throws the 500 "can't lock file ..." error otherwise. The lock is not kept:
  // synchronous operations finish under the simulator mutex.
  void WaitForLock(std::unique_lock<std::mutex>& lock, const std::string& name, bool shared,
                   double timeout);

  State state;
  LockTable locks;
  TaskManager tasks;
  Faults faults;
  Rng rng;
  TicketSigner signer;
  std::string fingerprint;  // of the TLS certificate, for GET /nodes
};

}  // namespace pvesim
