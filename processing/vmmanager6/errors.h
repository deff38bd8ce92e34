// What VMmanager 6 answered when it refused, classified once here: `{"error":{"code","msg",
// "value"}}` (notes A3, schema §2.8), with the platform's text kept verbatim.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace pm::vmmanager6 {

enum class ErrorKind {
  Auth,        // 401: the login or the token was refused
  Permission,  // 403: the account may not do this
  NotFound,    // 404 / 3080: no such object
  Invalid,     // 400: the request was refused as malformed or not allowed (3006–3008 and others)
  Asleep,      // 503: the platform is waking up; nothing was done
  Other,
};

class ApiError : public std::runtime_error {
 public:
  ApiError(long status, long code, const std::string& message, nlohmann::json value = {});
  long status() const { return status_; }
  long code() const { return code_; }
  ErrorKind kind() const { return kind_; }
  const nlohmann::json& value() const { return value_; }

 private:
  long status_;
  long code_;
  ErrorKind kind_;
  nlohmann::json value_;
};

// An error answer as ApiError: the platform's `msg` when it sent one, else the status.
ApiError ErrorOf(long status, const std::string& body);

// A task that ended in `fail`; `output` is what the platform said about it.
class TaskFailed : public std::runtime_error {
 public:
  TaskFailed(std::string name, std::string output)
      : std::runtime_error("VMmanager task " + name + " failed" + (output.empty() ? "" : ": " + output)),
        name_(std::move(name)), output_(std::move(output)) {}
  const std::string& name() const { return name_; }
  const std::string& output() const { return output_; }

 private:
  std::string name_;
  std::string output_;
};

// A task still unfinished (or not yet listed) when its deadline passed.
class TaskTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A write whose answer never arrived: VMmanager may or may not have done it, so it is never sent
// again; the caller looks for what it made (a host by its marker, an account by its e-mail).
class LostAnswer : public std::runtime_error {
 public:
  LostAnswer(const std::string& method, const std::string& path, const std::string& why)
      : std::runtime_error("the answer of VMmanager to " + method + " " + path + " was lost (" + why + ")") {}
};

// An answer whose shape is not what the API gives (a JSON value where another was due).
class UnexpectedAnswer : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace pm::vmmanager6
