#pragma once

#include "simcommon/fault_rules.h"

namespace vm5sim {

// What install rules do to an install when it starts.
struct InstallFault {
  bool fail = false;
  bool hang = false;
};

// Fault rules from POST /_sim/faults (README, "Fault rules"). Request rules (error, drop, status,
// latency; simcommon::FaultRules) match on an optional `method` and a `func` regex searched in
// the request's func; error and status answer instead of the request. Install rules
// (install_fail, install_hang) match on an optional `vm` id. Callers hold the simulator lock.
class Faults : public simcommon::FaultRules {
 public:
  Faults();

  InstallFault TakeForInstall(int vm);
};

}  // namespace vm5sim
