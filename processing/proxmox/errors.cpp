#include "proxmox/errors.h"

#include <regex>

namespace pm::proxmox {

ApiError::ApiError(long status, const std::string& message, nlohmann::json errors)
    : std::runtime_error(message), status_(status), kind_(Classify(status, message)), errors_(std::move(errors)) {}

std::string ApiError::lock() const { return LockNamedIn(what()); }

std::string TaskError::lock() const { return LockNamedIn(exitstatus_); }

std::string LockNamedIn(const std::string& text) {
  static const std::regex locked(R"(VM is locked \(([a-z-]+)\))");
  std::smatch match;
  return std::regex_search(text, match, locked) ? match[1].str() : "";
}

ErrorKind Classify(long status, const std::string& message) {
  if (status == 401) return ErrorKind::Auth;
  if (status == 403) return ErrorKind::Permission;
  if (status == 400) {
    return message.find("already exists") != std::string::npos ? ErrorKind::AlreadyExists : ErrorKind::BadRequest;
  }
  if (message.find("can't lock file") != std::string::npos && message.find("got timeout") != std::string::npos) {
    return ErrorKind::FileLockTimeout;
  }
  if (!LockNamedIn(message).empty()) return ErrorKind::Locked;
  if (message.find("already exists") != std::string::npos) return ErrorKind::AlreadyExists;
  if (message.find("does not exist") != std::string::npos || message.find("no such VM") != std::string::npos) {
    return ErrorKind::NotFound;
  }
  if (status == 502 || status == 503 || status == 504 || status >= 590) return ErrorKind::Transient;
  return ErrorKind::Other;
}

}  // namespace pm::proxmox
