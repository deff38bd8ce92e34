#include "simtest/sim_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace simtest {

namespace {

// Forks `binary args...` with its stdout on `out` (or /dev/null when -1) and stderr kept, or
// discarded with `quiet`.
pid_t Spawn(const std::string& binary, const std::vector<std::string>& args, int out, bool quiet) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(out >= 0 ? out : null, STDOUT_FILENO);
    if (quiet) dup2(null, STDERR_FILENO);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int ExitCode(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

}  // namespace

SimProcess::SimProcess(const std::string& binary, const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = Spawn(binary, args, out[1], false);
  close(out[1]);
  char c = 0;
  while (read(out[0], &c, 1) == 1 && c != '\n') first_line_ += c;
  close(out[0]);
}

SimProcess::~SimProcess() {
  if (pid_ < 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

int SimProcess::Terminate() {
  kill(pid_, SIGTERM);
  int code = ExitCode(pid_);
  pid_ = -1;
  return code;
}

int RunToEnd(const std::string& binary, const std::vector<std::string>& args) {
  return ExitCode(Spawn(binary, args, -1, true));
}

}  // namespace simtest
