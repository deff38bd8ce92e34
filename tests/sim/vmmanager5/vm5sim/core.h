#pragma once

#include <map>
#include <string>
#include <vector>

#include "simcommon/core_base.h"
#include "simcommon/rng.h"
#include "vm5sim/faults.h"
#include "vm5sim/world.h"

namespace vm5sim {

struct Session {
  std::string id;
  int user = 0;
  double last_used = 0;  // clock time; the session dies session_ttl seconds after its last use
};

// Everything the simulator knows, behind the one mutex (CoreBase) that request threads and the
// accessors take. Installs and power actions are due at simulated instants; they take effect when
// anyone next looks (Progress), which is indistinguishable from a background thread for a client
// and keeps tests deterministic, so there is no scheduler.
struct Core : simcommon::CoreBase {
  explicit Core(const simcommon::SimOptions& options) : CoreBase(options) {}

  // Applies every install end and power change that is due by now.
  void Progress();
  // Starts an OS install of the VM (flags on, OS off, state down) for install_seconds.
  void StartInstall(Vm& vm);
  // The VM reaches `state` after power_seconds.
  void StartPower(Vm& vm, const std::string& state);
  // After DELETE /_sim/faults: hung installs end when they were due (at once if past).
  void ResumeHungInstalls();

  World world;
  Faults faults;
  simcommon::Rng rng;
  std::map<std::string, Session> sessions;

 private:
  void EndInstall(Vm& vm);
};

}  // namespace vm5sim
