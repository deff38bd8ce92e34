#include "pmvmmanager5/install_wait.h"

#include "core/numbers.h"

namespace pm::pmvmmanager5 {

vmmanager5::InstallWait InstallWaitOf(const core::ModuleConfig& module) {
  vmmanager5::InstallWait wait;
  std::string seconds = module.params.Get("install_timeout");
  if (!seconds.empty()) wait.limit = std::chrono::seconds(core::RequireWhole("install_timeout", seconds, 1, 86400));
  return wait;
}

}  // namespace pm::pmvmmanager5
