// What PVE answered when it refused, classified once here (notes §4, §14).
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace pm::proxmox {

enum class ErrorKind {
  Auth,             // 401: ticket/token/credentials refused
  Permission,       // 403: "Permission check failed (…)"
  NotFound,         // config file does not exist / no such VM
  Locked,           // "VM is locked (<lock>)"
  FileLockTimeout,  // "can't lock file '…' - got timeout" (nothing happened; safe to retry)
  AlreadyExists,    // VMID taken
  BadRequest,       // 400 parameter verification
  Transient,        // 5xx from the proxy (59x, 502–504)
  Other,
};

class ApiError : public std::runtime_error {
 public:
  ApiError(long status, const std::string& message, nlohmann::json errors = {});
  long status() const { return status_; }
  ErrorKind kind() const { return kind_; }
  const nlohmann::json& errors() const { return errors_; }
  // The lock named by "VM is locked (<lock>)"; empty for other errors.
  std::string lock() const;

 private:
  long status_;
  ErrorKind kind_;
  nlohmann::json errors_;
};

// A task that ended with an exit status other than OK / WARNINGS.
ErrorKind Classify(long status, const std::string& message);

class TaskError : public std::runtime_error {
 public:
  TaskError(std::string type, std::string exitstatus)
      : std::runtime_error("task " + type + " failed: " + exitstatus), type_(std::move(type)),
        exitstatus_(std::move(exitstatus)) {}
  const std::string& type() const { return type_; }
  const std::string& exitstatus() const { return exitstatus_; }
  // The lock named in the exit status, if the task failed on one.
  std::string lock() const;
  // The task could not get the VM's file lock in time: it did nothing and may be run again.
  bool file_lock_timeout() const { return Classify(500, exitstatus_) == ErrorKind::FileLockTimeout; }

 private:
  std::string type_;
  std::string exitstatus_;
};

ErrorKind Classify(long status, const std::string& message);
// "VM is locked (backup)" → "backup"; "" when the text names no config lock.
std::string LockNamedIn(const std::string& text);

}  // namespace pm::proxmox
