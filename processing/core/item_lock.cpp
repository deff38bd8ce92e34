#include "core/item_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "core/error.h"

namespace pm::core {
namespace {

constexpr std::chrono::milliseconds kRetryPause{100};

}  // namespace

std::optional<ItemLock> ItemLock::TryAcquire(const std::string& path, long item) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open lock file " + path + ": " + std::strerror(errno));
  struct flock range {};
  range.l_type = F_WRLCK;
  range.l_whence = SEEK_SET;
  range.l_start = item;
  range.l_len = 1;
  // OFD locks belong to this descriptor alone: closing another descriptor of the same file (a
  // second lock of this process) does not release them, as it would a classic POSIX lock.
  if (::fcntl(fd, F_OFD_SETLK, &range) != 0) {
    int error = errno;
    ::close(fd);
    if (error == EAGAIN || error == EACCES) return std::nullopt;
    throw std::runtime_error("cannot lock service " + std::to_string(item) + " in " + path + ": " + std::strerror(error));
  }
  return ItemLock(fd);
}

ItemLock ItemLock::Acquire(const std::string& path, long item, std::chrono::milliseconds patience) {
  for (auto waited = std::chrono::milliseconds(0);; waited += kRetryPause) {
    if (auto lock = TryAcquire(path, item)) return std::move(*lock);
    if (waited >= patience) {
      throw Error(ErrorType::Locked, "service",
                  "another operation on service " + std::to_string(item) + " is still running; try again later");
    }
    std::this_thread::sleep_for(kRetryPause);
  }
}

ItemLock::~ItemLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace pm::core
