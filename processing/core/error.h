// The one error type that travels up to the single catch in Run(). Its type is one of the
// contract's error types (§4); hypervisor errors are translated into it by each module.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::core {

enum class ErrorType { Xml, Missed, Value, Auth, Connection, Locked, NotFound, Access, Quota, Api, Internal };

std::string_view ToString(ErrorType type);

class Error : public std::runtime_error {
 public:
  Error(ErrorType type, std::string object, const std::string& message)
      : std::runtime_error(message), type_(type), object_(std::move(object)) {}

  ErrorType type() const { return type_; }
  const std::string& object() const { return object_; }
  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

  // Extra <param> children of the error document (e.g. the offending value).
  Error& With(std::string name, std::string value) {
    params_.emplace_back(std::move(name), std::move(value));
    return *this;
  }

 private:
  ErrorType type_;
  std::string object_;
  std::vector<std::pair<std::string, std::string>> params_;
};

inline Error MissedError(const std::string& name) {
  return Error(ErrorType::Missed, name, "required value '" + name + "' is missing");
}
inline Error ValueError(const std::string& name, const std::string& why) {
  return Error(ErrorType::Value, name, "invalid value of '" + name + "': " + why);
}

}  // namespace pm::core
