// How long a service's OS install is waited for (open, reinstall): the form's `install_timeout`
// in seconds, 30 minutes by default (as long as ISPsystem's own module waits).
#pragma once

#include "core/module.h"
#include "vmmanager5/install.h"

namespace pm::pmvmmanager5 {

// Error{value, install_timeout} unless it is 1–86400 seconds.
vmmanager5::InstallWait InstallWaitOf(const core::ModuleConfig& module);

}  // namespace pm::pmvmmanager5
