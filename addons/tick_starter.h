// Starts `pmproxmox --command backup_tick` in the background, detached from the page's request:
// the page answers at once, and the tick (which never overlaps another) takes the queued job.
#pragma once

#include <string>

namespace pm::addons {

void StartDetached(const std::string& program, const std::string& command);

}  // namespace pm::addons
