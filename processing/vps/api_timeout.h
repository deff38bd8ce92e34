// The connection form's `api_timeout` (seconds, 1–600) as the transport's timeouts: how long one
// request may take; connecting gets at most that too. Error{value} naming the field otherwise.
#pragma once

#include "core/service.h"
#include "http/http_client.h"

namespace pm::vps {

http::Timeouts TimeoutsFrom(const core::Settings& form);

}  // namespace pm::vps
