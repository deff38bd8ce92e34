#include "pmproxmox/os_templates.h"

#include <cctype>
#include <sstream>

#include "core/error.h"
#include "core/numbers.h"

namespace pm::pmproxmox {
namespace {

std::string Trim(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// The VMID the tariff's override names for `intname`, or 0.
int OverrideFor(const std::string& intname, const std::string& overrides) {
  std::istringstream lines(overrides);
  std::string line;
  while (std::getline(lines, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos || Trim(line.substr(0, eq)) != intname) continue;
    auto vmid = core::ParseWhole(Trim(line.substr(eq + 1)), 100, 999'999'999);
    if (!vmid) throw core::ValueError("os_templates", "'" + line + "' does not map to a VMID");
    return static_cast<int>(*vmid);
  }
  return 0;
}

}  // namespace

std::string TemplateIntname(const std::string& name) {
  std::string slug;
  for (unsigned char c : name) {
    bool keep = std::isalnum(c) || c == '.' || c == '_' || c == '-';
    if (keep) {
      slug += static_cast<char>(std::tolower(c));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string TemplateLabel(const std::string& name, const std::string& description) {
  std::istringstream lines(description);
  std::string line;
  while (std::getline(lines, line)) {
    line = Trim(line);
    if (!line.empty() && line.rfind("billmgr-", 0) != 0) return line;
  }
  return name;
}

std::map<std::string, std::string> TemplatesOnCluster(const std::vector<proxmox::Guest>& guests,
                                                      const std::map<int, std::string>& descriptions) {
  std::map<std::string, std::string> published;
  for (const auto& guest : guests) {
    if (!guest.is_template) continue;
    std::string intname = TemplateIntname(guest.name);
    if (intname.empty()) continue;
    auto description = descriptions.find(guest.vmid);
    std::string label = TemplateLabel(guest.name, description == descriptions.end() ? "" : description->second);
    // Copies of one template on several nodes share the internal name; a described one names it.
    std::string& shown = published[intname];
    if (shown.empty() || label != guest.name) shown = label;
  }
  return published;
}

std::vector<proxmox::Guest> TemplatesFor(const std::string& intname, const std::string& overrides,
                                         const std::vector<proxmox::Guest>& guests) {
  std::vector<proxmox::Guest> found;
  int pinned = OverrideFor(intname, overrides);
  for (const auto& guest : guests) {
    if (!guest.is_template) continue;
    if (pinned ? guest.vmid == pinned : TemplateIntname(guest.name) == intname) found.push_back(guest);
  }
  return found;
}

}  // namespace pm::pmproxmox
