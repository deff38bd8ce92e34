// What PVE answered when it refused, classified once here (notes §4, §14).
#pragma once

#include <chrono>
#include <cstdint>
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

// A write whose answer never arrived: the connection broke or timed out after the request was
// sent, or pveproxy answered 596–599 for the node it forwarded the request to. PVE may or may not
// have done it, so it is never sent again: the caller looks for what it started (a task).
class LostAnswer : public std::runtime_error {
 public:
  LostAnswer(const std::string& method, const std::string& path, const std::string& why,
             std::chrono::seconds elapsed, std::int64_t sent_at)
      : std::runtime_error("the answer of Proxmox to " + method + " " + path + " was lost (" + why + ")"),
        elapsed_(elapsed), sent_at_(sent_at) {}
  // How long before the loss the request was sent: how far back its task may have started.
  std::chrono::seconds elapsed() const { return elapsed_; }
  // The server's clock (its Date) at its last answer before the request; 0 when unknown. A task
  // the request started began at or after it.
  std::int64_t sent_at() const { return sent_at_; }

 private:
  std::chrono::seconds elapsed_;
  std::int64_t sent_at_;
};

// An answer whose shape the schema does not allow (or a JSON value where another was due).
class UnexpectedAnswer : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "VM is locked (backup)" → "backup"; "" when the text names no config lock.
std::string LockNamedIn(const std::string& text);

}  // namespace pm::proxmox
