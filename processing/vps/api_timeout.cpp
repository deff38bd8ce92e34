#include "vps/api_timeout.h"

#include <algorithm>

#include "core/numbers.h"

namespace pm::vps {

http::Timeouts TimeoutsFrom(const core::Settings& form) {
  http::Timeouts timeouts;
  if (auto seconds = form.Find("api_timeout")) {
    timeouts.total = std::chrono::seconds(core::RequireWhole("api_timeout", *seconds, 1, 600));
    timeouts.connect = std::min(timeouts.connect, std::chrono::duration_cast<std::chrono::milliseconds>(timeouts.total));
  }
  return timeouts;
}

}  // namespace pm::vps
