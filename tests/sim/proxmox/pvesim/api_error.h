#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace pvesim {

// A failed API call as PVE reports it: HTTP status, the message text (without PVE's trailing
// newline, which the formatter adds) and, for parameter errors, one reason per parameter.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message, std::map<std::string, std::string> errors = {});

  int status() const { return status_; }
  const std::map<std::string, std::string>& errors() const { return errors_; }

 private:
  int status_;
  std::map<std::string, std::string> errors_;
};

// HTTP 500 from a plain `die "...\n"` in a handler or worker.
ApiError Fail(const std::string& message);

// HTTP 400 "Parameter verification failed." (raise_param_exc).
ApiError ParamError(std::map<std::string, std::string> errors);
ApiError ParamError(const std::string& param, const std::string& reason);

// HTTP 403 from raise_perm_exc: "Permission check failed (<what>)".
ApiError PermissionError(const std::string& what = "");
ApiError PermissionError(const std::string& path, const std::vector<std::string>& privs);

}  // namespace pvesim
