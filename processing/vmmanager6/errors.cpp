#include "vmmanager6/errors.h"

namespace pm::vmmanager6 {
namespace {

// The platform's "instance not found" (ISPsystem's own library names it).
constexpr long kInstanceNotFound = 3080;

ErrorKind Classify(long status, long code) {
  if (status == 401) return ErrorKind::Auth;
  if (status == 403) return ErrorKind::Permission;
  if (status == 404 || code == kInstanceNotFound) return ErrorKind::NotFound;
  if (status == 503) return ErrorKind::Asleep;
  if (status == 400) return ErrorKind::Invalid;
  return ErrorKind::Other;
}

}  // namespace

ApiError::ApiError(long status, long code, const std::string& message, nlohmann::json value)
    : std::runtime_error(message), status_(status), code_(code), kind_(Classify(status, code)),
      value_(std::move(value)) {}

ApiError ErrorOf(long status, const std::string& body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
    const auto& error = parsed["error"];
    long code = error.contains("code") && error["code"].is_number_integer() ? error["code"].get<long>() : 0;
    std::string msg = error.contains("msg") && error["msg"].is_string() ? error["msg"].get<std::string>() : "";
    if (msg.empty()) msg = "error " + std::to_string(code);
    return ApiError(status, code, msg, error.value("value", nlohmann::json::object()));
  }
  std::string text = status == 503 ? "VMmanager is unavailable (503): the platform may be waking up"
                                   : "VMmanager answered HTTP " + std::to_string(status);
  return ApiError(status, 0, text);
}

}  // namespace pm::vmmanager6
