// What VMmanager 5 answered when it refused, classified once here: COREmanager's error document
// `<doc><error type="…" object="…"><msg>…</msg></error></doc>` (notes B2), its text kept verbatim.
#pragma once

#include <stdexcept>
#include <string>

namespace pm::vmmanager5 {

enum class ErrorKind {
  Auth,     // type auth: the login or the session was refused
  Access,   // type access: the account may not do this
  Value,    // type value: a field was refused; object() names it
  Exists,   // type exists: the object (object()) exists already
  Missing,  // type missing: no such object or function
  Other,
};

class ApiError : public std::runtime_error {
 public:
  ApiError(std::string type, std::string object, const std::string& message);
  const std::string& type() const { return type_; }
  const std::string& object() const { return object_; }
  ErrorKind kind() const { return kind_; }

 private:
  std::string type_;
  std::string object_;
  ErrorKind kind_;
};

// A write whose answer never arrived: VMmanager may or may not have done it, so it is never sent
// again; the caller looks for what it made (a VM by its marker, a user by its name).
class LostAnswer : public std::runtime_error {
 public:
  explicit LostAnswer(const std::string& func, const std::string& why)
      : std::runtime_error("the answer of VMmanager to " + func + " was lost (" + why + ")") {}
};

// An answer that is not a VMmanager document (an HTML page, a proxy's error, broken XML), or one
// without what the function gives.
class UnexpectedAnswer : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An OS install that VMmanager ended without the OS.
class InstallFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An OS install that did not end within the wait.
class InstallTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace pm::vmmanager5
