#include "vps/ownership.h"

namespace pm::vps {

std::string OwnershipMarker(const std::string& module_name, long module, long item) {
  return "billmgr-" + module_name + " module=" + std::to_string(module) + " item=" + std::to_string(item);
}

std::string PoolMarker(const std::string& module_name, long module) {
  return "billmgr-" + module_name + " module=" + std::to_string(module) + " pool";
}

bool CarriesMarker(const std::string& text, const std::string& marker) {
  for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
    bool starts_line = at == 0 || text[at - 1] == '\n';
    bool ends_line = at + marker.size() == text.size() || text[at + marker.size()] == '\n';
    if (starts_line && ends_line) return true;
  }
  return false;
}

}  // namespace pm::vps
