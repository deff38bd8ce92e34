#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace simtest {

// A simulator executable started for a CLI test, its stdout read up to the first line (the
// ready line, once it listens).
class SimProcess {
 public:
  SimProcess(const std::string& binary, const std::vector<std::string>& args);
  ~SimProcess();  // kills it if it still runs
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  const std::string& first_line() const { return first_line_; }
  // SIGTERM, then waits: its exit code, -1 when it did not exit normally.
  int Terminate();

 private:
  pid_t pid_ = -1;
  std::string first_line_;
};

// Runs `binary args...` to its end, stdout and stderr discarded: its exit code, -1 when it did
// not exit normally.
int RunToEnd(const std::string& binary, const std::vector<std::string>& args);

}  // namespace simtest
