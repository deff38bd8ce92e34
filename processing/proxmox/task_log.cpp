#include "proxmox/task_log.h"

#include <regex>

#include "common/numbers.h"
#include "http/form.h"
#include "proxmox/fields.h"
#include "proxmox/tasks.h"

namespace pm::proxmox {

TaskLogPage ReadTaskLog(Api& api, const std::string& upid, long long from, int limit) {
  // Task calls go to the node inside the UPID (notes §5).
  std::string path = "/nodes/" + ParseUpid(upid).node + "/tasks/" + http::PercentEncode(upid) + "/log";
  TaskLogPage page;
  page.next = from;
  for (const auto& row : Rows(api.Get(path, {{"start", std::to_string(from)}, {"limit", std::to_string(limit)}}))) {
    page.lines.push_back(TextField(row, "t"));
    ++page.next;
  }
  return page;
}

std::optional<int> LatestProgress(const std::vector<std::string>& lines) {
  static const std::regex progress(R"(^(?:INFO:\s+|progress\s+)(\d{1,3})%\s+\()");
  for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
    std::smatch match;
    if (!std::regex_search(*line, match, progress)) continue;
    if (auto percent = common::ParseWhole(match[1].str(), 0, 100)) return static_cast<int>(*percent);
  }
  return std::nullopt;
}

}  // namespace pm::proxmox
