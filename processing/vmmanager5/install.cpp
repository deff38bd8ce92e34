#include "vmmanager5/install.h"

#include <algorithm>

#include "vmmanager5/errors.h"

namespace pm::vmmanager5 {
namespace {

std::string VmName(long long id) { return "VMmanager VM " + std::to_string(id); }

}  // namespace

bool OsInstalled(Api& api, long long id) {
  return api.Read("vm.edit", {{"elid", std::to_string(id)}}).Field("osinstalled") != "off";
}

Vm WaitInstalled(Api& api, long long id, const InstallWait& wait) {
  std::chrono::milliseconds paused{0};
  std::chrono::milliseconds pause = wait.first_pause;
  for (;;) {
    auto vm = FindVm(api, id);
    if (!vm) throw UnexpectedAnswer(VmName(id) + " vanished while its OS was being installed");
    if (!vm->installing) {
      if (!OsInstalled(api, id)) {
        throw InstallFailed(VmName(id) + ": VMmanager ended the OS install without the OS");
      }
      return *vm;
    }
    if (paused >= wait.limit) {
      throw InstallTimeout(VmName(id) + " still installs its OS after " +
                           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(paused).count()) + " s");
    }
    api.Sleep(pause);
    paused += pause;
    pause = std::min(pause * 2, wait.longest_pause);
  }
}

}  // namespace pm::vmmanager5
