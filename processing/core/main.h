// A module executable's main(): the real adapters (the stdin document, mgrctl, the log under
// $MGR_ROOT) wired to the module, then Run().
#pragma once

#include "core/module.h"

namespace pm::core {

int Main(Module& module, int argc, char** argv);

}  // namespace pm::core
