#include "vmmanager5/errors.h"

namespace pm::vmmanager5 {
namespace {

ErrorKind KindOf(const std::string& type) {
  if (type == "auth") return ErrorKind::Auth;
  if (type == "access") return ErrorKind::Access;
  if (type == "value") return ErrorKind::Value;
  if (type == "exists") return ErrorKind::Exists;
  if (type == "missing") return ErrorKind::Missing;
  return ErrorKind::Other;
}

std::string Text(const std::string& type, const std::string& object, const std::string& message) {
  if (!message.empty()) return message;
  return "VMmanager refused it (" + type + (object.empty() ? "" : " " + object) + ")";
}

}  // namespace

ApiError::ApiError(std::string type, std::string object, const std::string& message)
    : std::runtime_error(Text(type, object, message)), type_(std::move(type)), object_(std::move(object)),
      kind_(KindOf(type_)) {}

}  // namespace pm::vmmanager5
