#include "tick_starter.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pm::addons {
namespace {

// The grandchild writes exec's errno into the pipe; a successful exec closes it (O_CLOEXEC)
// without a word, so an empty read means the program runs.
[[noreturn]] void RunDetached(const std::string& program, const std::string& command, int report) {
  ::setsid();
  pid_t grandchild = ::fork();
  if (grandchild != 0) {
    int error = errno;
    if (grandchild < 0 && ::write(report, &error, sizeof error) < 0) ::_exit(2);
    ::_exit(grandchild < 0 ? 1 : 0);
  }
  int null = ::open("/dev/null", O_RDWR);
  if (null >= 0) {
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
  }
  ::execl(program.c_str(), program.c_str(), "--command", command.c_str(), static_cast<char*>(nullptr));
  int error = errno;
  if (::write(report, &error, sizeof error) < 0) ::_exit(126);
  ::_exit(127);
}

}  // namespace

// Double fork: the grandchild belongs to init, so the page neither waits for it nor leaves a
// zombie; its stdio is /dev/null so the panel's pipe closes when the page is done.
void StartDetached(const std::string& program, const std::string& command) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  pid_t child = ::fork();
  if (child < 0) {
    int error = errno;
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw std::runtime_error("cannot start " + program + ": fork: " + std::strerror(error));
  }
  if (child == 0) {
    ::close(pipe_fds[0]);
    RunDetached(program, command, pipe_fds[1]);
  }
  ::close(pipe_fds[1]);
  int error = 0;
  ssize_t got;
  do {
    got = ::read(pipe_fds[0], &error, sizeof error);
  } while (got < 0 && errno == EINTR);
  ::close(pipe_fds[0]);
  ::waitpid(child, nullptr, 0);
  if (got == static_cast<ssize_t>(sizeof error)) {
    throw std::runtime_error("cannot start " + program + ": " + std::strerror(error));
  }
}

}  // namespace pm::addons
