#include "simcommon/request_faults.h"

namespace simcommon {

std::optional<HttpResponse> ApplyRequestFaults(
    CoreBase& core, std::unique_lock<std::mutex>& lock, const std::vector<RequestFault>& faults,
    const std::function<HttpResponse(const nlohmann::json& rule)>& answer, bool& drop_after) {
  for (const RequestFault& fault : faults) {
    switch (fault.kind) {
      case RequestFault::Kind::kLatency:
        core.SleepUnlocked(lock, std::chrono::milliseconds(fault.ms));
        break;
      case RequestFault::Kind::kDrop: {
        if (fault.after) {
          drop_after = true;
          break;
        }
        HttpResponse dropped;
        dropped.drop = true;
        return dropped;
      }
      case RequestFault::Kind::kAnswer:
        return answer(fault.rule);
    }
  }
  return std::nullopt;
}

}  // namespace simcommon
