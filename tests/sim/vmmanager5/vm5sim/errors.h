// COREmanager's error document <doc><error type="…" object="…"><msg>…</msg></error></doc>,
// answered with HTTP 200 like every other answer of the panel.
#pragma once

#include <stdexcept>
#include <string>

#include "vm5sim/document.h"

namespace vm5sim {

// Error types the simulator answers with (README, "Errors").
namespace type {
constexpr const char* kAuth = "auth";        // bad login, dead session, no credentials
constexpr const char* kAccess = "access";    // the account may not do this
constexpr const char* kValue = "value";      // a field was refused; object = the field
constexpr const char* kExists = "exists";    // the object exists already; object = what
constexpr const char* kMissing = "missing";  // no such function or element
constexpr const char* kBusy = "busy";        // the VM is installing its OS
}  // namespace type

class MgrError : public std::runtime_error {
 public:
  MgrError(std::string type, std::string object, const std::string& msg)
      : std::runtime_error(msg), type_(std::move(type)), object_(std::move(object)) {}

  const std::string& type() const { return type_; }
  const std::string& object() const { return object_; }
  // The whole answer: <doc><error …><msg>…</msg></error></doc>.
  Element Document() const;

 private:
  std::string type_;
  std::string object_;
};

MgrError ValueError(const std::string& field, const std::string& msg);
MgrError AccessError();

}  // namespace vm5sim
