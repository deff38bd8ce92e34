// A module's values in one of the panel's enumerations (contract §5, e.g. `backup_schedule`):
// the enumeration is found by its intname (created when absent), and the values whose intname
// starts with the module's prefix follow `wanted`: missing ones are created, renamed ones
// renamed, vanished ones deleted. Values of other modules are never touched, and when nothing
// differs only the two lists are read.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/panel.h"

namespace pm::vps {

struct EnumerationChanges {
  std::vector<std::string> added;
  std::vector<std::string> renamed;
  std::vector<std::string> removed;
};

struct Enumeration {
  std::string intname;  // backup_schedule
  std::string name;     // Backup schedule
};

EnumerationChanges PublishEnumeration(core::Panel& panel, const Enumeration& enumeration, const std::string& prefix,
                                      const std::map<std::string, std::string>& wanted);

}  // namespace pm::vps
