// The client-area Backups page (contract §6): vds.backups and its forms and actions, answered
// from the module's state. Panel side only, and the same for every module with client backups:
// the service and its processing module come from the service directory, the journal from that
// module's state file; the page queues work for backup_tick and asks it to start, never talks to
// a hypervisor and never waits for a job.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "core/log.h"
#include "core/panel.h"
#include "core/service_directory.h"
#include "core/state_files.h"
#include "vps/backups/journal.h"

namespace pm::addons {

struct PageRequest {
  std::string func;                           // vds.backups, vds.backups.new, …
  std::map<std::string, std::string> params;  // PARAM_<name> without the prefix
  std::string user;                           // AUTH_USER
  std::string level;                          // AUTH_LEVEL: "29" admin, "16" client
  std::string document;                       // the function's document from stdin (may be empty)
};

struct PageContext {
  core::ServiceDirectory& directory;
  core::StateFiles& files;
  core::Panel& panel;
  core::Log& log;
  std::function<void()> start_tick;  // after queuing work: let backup_tick pick it up now
  vps::backups::Clock now = vps::backups::SystemNow;
};

// The completed document: the request's own document with the answer added, or an error document.
std::string AnswerBackupsPage(const PageRequest& request, PageContext& context);

}  // namespace pm::addons
