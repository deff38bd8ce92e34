// One run at a time per service, across processes: item commands hold it while they work on the
// service's VM, and backup_tick holds it while it moves one of the service's jobs on, so neither
// starts behind the other's back. It is an open-file-description lock on the byte at offset
// <item> of a lock file beside the state (one file for every service); the kernel drops it when
// the holder exits, also on a crash or SIGKILL, so a dead run never blocks the next one.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace pm::core {

class ItemLock {
 public:
  // nullopt when another process holds the service; never waits. Throws on I/O errors.
  static std::optional<ItemLock> TryAcquire(const std::string& path, long item);
  // Waits up to `patience` for it, then Error{locked}.
  static ItemLock Acquire(const std::string& path, long item, std::chrono::milliseconds patience);

  ItemLock(ItemLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ItemLock(const ItemLock&) = delete;
  ItemLock& operator=(const ItemLock&) = delete;
  ItemLock& operator=(ItemLock&&) = delete;
  ~ItemLock();

 private:
  explicit ItemLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace pm::core
