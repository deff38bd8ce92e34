#include "pmvmmanager6/os_templates.h"

#include <algorithm>

namespace pm::pmvmmanager6 {

std::string OsIntname(const vmmanager6::Os& os) { return os.repository + "__" + os.name; }

long long MinDiskGib(const vmmanager6::Os& os) { return (os.hdd_mib_required + 1023) / 1024; }

bool Orderable(const vmmanager6::Os& os, long long cluster) {
  if (os.adminonly || (!os.state.empty() && os.state != "active")) return false;
  return std::find(os.clusters.begin(), os.clusters.end(), cluster) != os.clusters.end();
}

vps::OsTemplates OsTemplatesOn(const std::vector<vmmanager6::Os>& list, long long cluster) {
  vps::OsTemplates templates;
  for (const auto& os : list) {
    if (!Orderable(os, cluster)) continue;
    vps::OsTemplate value{os.name, {}};
    if (long long gib = MinDiskGib(os)) value.extra.push_back({"hdd", std::to_string(gib)});
    templates[OsIntname(os)] = value;
  }
  return templates;
}

std::optional<vmmanager6::Os> FindOs(const std::vector<vmmanager6::Os>& list, long long cluster,
                                     const std::string& intname) {
  for (const auto& os : list) {
    if (Orderable(os, cluster) && OsIntname(os) == intname) return os;
  }
  return std::nullopt;
}

}  // namespace pm::pmvmmanager6
