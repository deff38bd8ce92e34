#pragma once

#include <nlohmann/json.hpp>

#include "pvesim/api_error.h"
#include "pvesim/sim_core.h"
#include "simcommon/https_server.h"

namespace pvesim {

using simcommon::HttpRequest;
using simcommon::HttpResponse;

// A request under /api2/json, handled like pveproxy and PVE::HTTPServer do: authentication,
// body rules, routing, declarative permissions, node resolution, schema validation, handler.
HttpResponse HandleApiRequest(SimCore& core, const HttpRequest& request);

// The /_sim control API (control_api.cpp).
HttpResponse HandleControlRequest(SimCore& core, const HttpRequest& request);

HttpResponse JsonResponse(int status, const nlohmann::json& body);
// PVE's JSON error: {"data":null,"message":"<text>\n","errors":{...}}, reason = first line.
HttpResponse ErrorResponse(const ApiError& error);
// An error pveproxy answers with a bare HTTP::Response (authentication, an unreachable node):
// status line only, no body.
HttpResponse BareError(int status, const std::string& message);
// An error answered by pveproxy's error() (unknown URI, a body on GET, a failing request
// handler): since libpve-http-server-perl 5.2 the text is also the body, without content type.
HttpResponse TextError(int status, const std::string& message);

}  // namespace pvesim
