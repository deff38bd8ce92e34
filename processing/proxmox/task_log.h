// A task's log (GET …/tasks/{upid}/log, notes §5), read on from where the last look stopped, and
// the progress PVE writes into it: vzdump's "INFO:  45% (1.2 GiB of 2.7 GiB) in 3s, …" and a
// restore's "progress 45% (read … bytes, duration … sec)".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proxmox/api.h"

namespace pm::proxmox {

struct TaskLogPage {
  std::vector<std::string> lines;
  long long next = 0;  // the line to read from next time
};

// At most `limit` lines from line `from` (0-based) on.
TaskLogPage ReadTaskLog(Api& api, const std::string& upid, long long from, int limit = 500);

// The percentage of the newest progress line among `lines`; nullopt when there is none.
std::optional<int> LatestProgress(const std::vector<std::string>& lines);

}  // namespace pm::proxmox
