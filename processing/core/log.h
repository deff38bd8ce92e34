// The mgr-style log: $MGR_ROOT/var/<module>.log, level from $MGR_ROOT/etc/debug.conf
// ("<module>.* <0-9>"). Every registered secret is masked in every line, whatever logs it.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

namespace pm::core {

enum class LogLevel { Notice = 1, Critical = 2, Error = 3, Warning = 4, Info = 5, ExtInfo = 6, Trace = 8, Debug = 9 };

class Log {
 public:
  // Opens <root>/var/<module>.log; a log that cannot be opened silently drops lines (a module
  // must still answer the panel).
  Log(const std::string& module, const std::string& mgr_root);
  ~Log();
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;

  void Redact(const std::string& secret);
  void Write(LogLevel level, const std::string& message);
  void Error(const std::string& m) { Write(LogLevel::Error, m); }
  void Warning(const std::string& m) { Write(LogLevel::Warning, m); }
  void Info(const std::string& m) { Write(LogLevel::Info, m); }
  void Debug(const std::string& m) { Write(LogLevel::Debug, m); }

  int level() const { return level_; }
  std::string Masked(std::string text) const;

 private:
  std::string module_;
  int level_;
  FILE* file_ = nullptr;
  std::vector<std::string> secrets_;
  std::mutex mutex_;
};

// Reads the level for `module` from a debug.conf text; 4 (warnings) when no line matches.
int LevelFromDebugConf(const std::string& text, const std::string& module);

}  // namespace pm::core
