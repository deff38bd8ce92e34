#include "tick_starter.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pm::addons {

// Double fork: the grandchild belongs to init, so the page neither waits for it nor leaves a
// zombie; its stdio is /dev/null so the panel's pipe closes when the page is done.
void StartDetached(const std::string& program, const std::string& command) {
  pid_t child = ::fork();
  if (child < 0) return;  // the next cron tick takes the job instead
  if (child == 0) {
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    ::execl(program.c_str(), program.c_str(), "--command", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::waitpid(child, nullptr, 0);
}

}  // namespace pm::addons
