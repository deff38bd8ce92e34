// The process around the Backups page (contract §6), for any module with client backups: the
// panel passes the request in the environment (PARAM_<name>, AUTH_USER, AUTH_LEVEL) and the
// function's document on stdin; the completed document goes to stdout, also when the state
// cannot be opened. The module's name says where its log, state and processing program are.
#pragma once

#include "core/module_traits.h"

namespace pm::addons {

int ServeBackupsPage(const core::ModuleTraits& module);

}  // namespace pm::addons
