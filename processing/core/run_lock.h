// One process at a time: an flock on a file. The kernel drops it when the holder exits, also on
// a crash or SIGKILL, so a dead run never blocks the next one.
#pragma once

#include <optional>
#include <string>

namespace pm::core {

class RunLock {
 public:
  // nullopt when another process holds it; never waits. Throws on I/O errors.
  static std::optional<RunLock> TryAcquire(const std::string& path);
  RunLock(RunLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  RunLock& operator=(RunLock&&) = delete;
  ~RunLock();

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace pm::core
