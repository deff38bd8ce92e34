#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace vm6sim {

// Error codes the simulator answers with. 1106, 3001, 3008 and 3080 are the platform's own
// (notes); the others are the simulator's choices, listed in the README.
namespace code {
constexpr int kHandlerNotFound = 1106;
constexpr int kMethodNotAllowed = 1107;
constexpr int kUnauthorized = 3001;
constexpr int kBadKey = 3003;
constexpr int kBadCredentials = 3004;
constexpr int kNotAnObject = 3005;
constexpr int kMissingProperty = 3006;
constexpr int kWrongType = 3007;
constexpr int kUnexpectedProperty = 3008;
constexpr int kInvalidValue = 3009;
constexpr int kReferenceNotFound = 3010;
constexpr int kNotAvailable = 3011;
constexpr int kBelowMinimum = 3012;
constexpr int kAccountExists = 3013;
constexpr int kNoFreeIp = 3014;
constexpr int kHostBusy = 3015;
constexpr int kMustBeStopped = 3016;
constexpr int kDiskShrink = 3017;
constexpr int kLastIp = 3018;
constexpr int kBadFilter = 3019;
constexpr int kInstanceNotFound = 3080;
constexpr int kSimulatedFailure = 1000;  // a "status" fault rule without its own code
}  // namespace code

// A failed API call: HTTP status and the platform's error object
// {"error":{"code":<int>,"msg":"<text>","value":{...}}}.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, int code, const std::string& msg,
           nlohmann::json value = nlohmann::json::object());

  int status() const { return status_; }
  int code() const { return code_; }
  const nlohmann::json& value() const { return value_; }
  nlohmann::json Body() const;

 private:
  int status_;
  int code_;
  nlohmann::json value_;
};

// 404 3080 "Instance not found", value {"id": id}: a path id that does not exist or that the
// caller may not see.
ApiError InstanceNotFound(const nlohmann::json& id);
// 401 3001 "Unauthorized": no, unknown or expired token.
ApiError Unauthorized();
// 403 3001 "Unauthorized": a valid token whose account may not do this.
ApiError Forbidden();
// 400 3009: a value of the right type that breaks a rule.
ApiError InvalidValue(const std::string& property, const std::string& reason);
// 400 3010 "<what> <id> not found": a body field naming an object that does not exist.
ApiError ReferenceNotFound(const std::string& property, const std::string& what, int64_t id);

}  // namespace vm6sim
