#include "pvesim/api_error.h"

#include "pvesim/text.h"

namespace pvesim {

ApiError::ApiError(int status, const std::string& message,
                   std::map<std::string, std::string> errors)
    : std::runtime_error(message), status_(status), errors_(std::move(errors)) {}

ApiError Fail(const std::string& message) { return ApiError(500, message); }

ApiError ParamError(std::map<std::string, std::string> errors) {
  return ApiError(400, "Parameter verification failed.", std::move(errors));
}

ApiError ParamError(const std::string& param, const std::string& reason) {
  return ParamError(std::map<std::string, std::string>{{param, reason}});
}

ApiError PermissionError(const std::string& what) {
  return ApiError(
      403, what.empty() ? "Permission check failed" : "Permission check failed (" + what + ")");
}

ApiError PermissionError(const std::string& path, const std::vector<std::string>& privs) {
  return PermissionError(path + ", " + Join(privs, "|"));
}

}  // namespace pvesim
