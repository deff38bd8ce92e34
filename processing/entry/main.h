// A module executable's main(): the real adapters (the stdin document or else the panel's
// database, mgrctl, the log under $MGR_ROOT) wired to the module, then core::Run().
#pragma once

#include "core/module.h"

namespace pm::entry {

int Main(core::Module& module, int argc, char** argv);

}  // namespace pm::entry
