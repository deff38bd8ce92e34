// The ownership marker (contract §9–§11): every VM a module makes carries
// "billmgr-<module> module=<id> item=<id>" in its description or comment, so the module
// recognises its own half-made VM after a crash and never touches a VM it did not make.
#pragma once

#include <string>

namespace pm::vps {

std::string OwnershipMarker(const std::string& module_name, long module, long item);

// "billmgr-<module> module=<id> pool": a server the module made ahead for its pool (contract §12).
// It carries no item= marker until a buyer's open replaces this one with the service's.
std::string PoolMarker(const std::string& module_name, long module);

// True when `text` carries `marker` as a whole line: "item=10" must not match "item=1001".
bool CarriesMarker(const std::string& text, const std::string& marker);

}  // namespace pm::vps
