// Waiting for a VM's OS install (notes B3, C3.13): VMmanager 5 shows it only through the
// `installos` / `installing` flags of the VM's `vm` row. The pauses grow from a second to
// ISPsystem's own 30 s, so a fast platform (or the simulator) is not waited on for nothing, and the
// whole wait is bounded. When the flags are gone, the VM's form says whether the OS is in.
#pragma once

#include <chrono>

#include "vmmanager5/vms.h"

namespace pm::vmmanager5 {

struct InstallWait {
  std::chrono::milliseconds first_pause{1'000};
  std::chrono::milliseconds longest_pause{30'000};
  std::chrono::milliseconds limit{std::chrono::minutes(30)};  // paused in all
};

// Whether VMmanager says VM `id` has its OS (its form's `osinstalled`); meaningful once the
// install flags are gone: a failed install leaves a VM that merely looks stopped.
bool OsInstalled(Api& api, long long id);

// The VM once its OS is in. Throws InstallTimeout past the limit, InstallFailed when the flags went
// down without the OS, UnexpectedAnswer when the VM vanished meanwhile.
Vm WaitInstalled(Api& api, long long id, const InstallWait& wait = {});

}  // namespace pm::vmmanager5
