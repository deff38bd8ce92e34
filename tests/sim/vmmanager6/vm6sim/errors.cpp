#include "vm6sim/errors.h"

namespace vm6sim {

ApiError::ApiError(int status, int code, const std::string& msg, nlohmann::json value)
    : std::runtime_error(msg), status_(status), code_(code), value_(std::move(value)) {}

nlohmann::json ApiError::Body() const {
  return {{"error", {{"code", code_}, {"msg", what()}, {"value", value_}}}};
}

ApiError InstanceNotFound(const nlohmann::json& id) {
  return ApiError(404, code::kInstanceNotFound, "Instance not found", {{"id", id}});
}

ApiError Unauthorized() { return ApiError(401, code::kUnauthorized, "Unauthorized"); }

ApiError Forbidden() { return ApiError(403, code::kUnauthorized, "Unauthorized"); }

ApiError InvalidValue(const std::string& property, const std::string& reason) {
  return ApiError(400, code::kInvalidValue,
                  "PROXY-3009: Invalid value of property '" + property + "': " + reason,
                  {{"property", property}});
}

ApiError ReferenceNotFound(const std::string& property, const std::string& what, int64_t id) {
  return ApiError(400, code::kReferenceNotFound, what + " " + std::to_string(id) + " not found",
                  {{"property", property}, {"id", id}});
}

}  // namespace vm6sim
