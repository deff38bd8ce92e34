// VMmanager's OS templates as the panel's OS list (contract §10, seed 003): internal name
// `<repository>__<name>` (case-sensitive, so a renamed repository is a vanished value plus a new
// one), label `<name>`, and the OS's minimum disk.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vmmanager6/catalog.h"
#include "vps/os_publication.h"

namespace pm::pmvmmanager6 {

std::string OsIntname(const vmmanager6::Os& os);
// Minimum disk in whole GiB, rounded up; 0 when the OS names none.
long long MinDiskGib(const vmmanager6::Os& os);
// What clients may order on `cluster`: not admin-only, offered there.
bool Orderable(const vmmanager6::Os& os, long long cluster);
vps::OsTemplates OsTemplatesOn(const std::vector<vmmanager6::Os>& list, long long cluster);
// The orderable OS whose internal name is `intname`.
std::optional<vmmanager6::Os> FindOs(const std::vector<vmmanager6::Os>& list, long long cluster,
                                     const std::string& intname);

}  // namespace pm::pmvmmanager6
