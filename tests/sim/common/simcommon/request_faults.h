#pragma once

#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "simcommon/core_base.h"
#include "simcommon/fault_rules.h"
#include "simcommon/https_server.h"

namespace simcommon {

// Acts on the request faults taken for one API request, holding the simulator lock: sleeps
// through each latency without the lock, then answers a drop "before" with a closed connection
// and an answer rule with `answer(rule)`, either instead of running the request. A drop "after"
// sets `drop_after`: the request runs, and the caller loses its answer (HttpResponse::drop).
std::optional<HttpResponse> ApplyRequestFaults(
    CoreBase& core, std::unique_lock<std::mutex>& lock, const std::vector<RequestFault>& faults,
    const std::function<HttpResponse(const nlohmann::json& rule)>& answer, bool& drop_after);

}  // namespace simcommon
