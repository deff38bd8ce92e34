// Which OS templates the module has published to the panel, so get_server_config calls the
// panel only for what changed (new → sync, vanished → suspend) and never re-enables a value
// the admin disabled: it is synced once, when it first appears.
#pragma once

#include <map>
#include <string>

#include "core/sqlite.h"

namespace pm::pmproxmox {

class PublishedTemplates {
 public:
  PublishedTemplates(core::Sqlite& db, long module);
  std::map<std::string, std::string> Present();  // intname → label
  void MarkPresent(const std::string& intname, const std::string& label);
  void MarkVanished(const std::string& intname);

 private:
  core::Sqlite& db_;
  long module_;
};

}  // namespace pm::pmproxmox
