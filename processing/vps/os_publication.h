// The OS templates a module offers, published to the panel as `ostempl` values (contract §5).
// The module remembers what it published, so it calls the panel only for what changed (new →
// sync, vanished → suspend), and never re-enables a value the admin disabled: a value is synced
// once, when it first appears.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/panel.h"
#include "core/sqlite.h"

namespace pm::vps {

struct OsTemplate {
  std::string label;
  core::PanelArgs extra;  // further fields of the value when it is first published (e.g. hdd)
};

using OsTemplates = std::map<std::string, OsTemplate>;  // by internal name

struct Publication {
  std::vector<std::string> added;
  std::vector<std::string> withdrawn;
};

// Brings the panel's `ostempl` values of `module` to `current`.
Publication PublishOsTemplates(core::Panel& panel, core::Sqlite& state, long module, const OsTemplates& current);

// get_server_config's answer: an `added` and a `withdrawn` element per value.
void AddTo(core::Reply& reply, const Publication& publication);

}  // namespace pm::vps
