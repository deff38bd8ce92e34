// Starts `<program> --command <command>` in the background, detached from the page's request:
// the page answers at once, and the tick (which never overlaps another) takes the queued job.
#pragma once

#include <stdexcept>
#include <string>

namespace pm::addons {

// Throws std::runtime_error when the program could not be started (fork failed, or exec failed
// in the child: a missing or unexecutable program), with the system's reason.
void StartDetached(const std::string& program, const std::string& command);

}  // namespace pm::addons
