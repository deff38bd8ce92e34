#include "core/log.h"

#include <unistd.h>

#include <ctime>
#include <fstream>
#include <sstream>

namespace pm::core {
namespace {

constexpr int kDefaultLevel = 4;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::Notice: return "NOTICE";
    case LogLevel::Critical: return "CRIT";
    case LogLevel::Error: return "ERROR";
    case LogLevel::Warning: return "WARNING";
    case LogLevel::Info: return "INFO";
    case LogLevel::ExtInfo: return "EXTINFO";
    case LogLevel::Trace: return "TRACE";
    case LogLevel::Debug: return "DEBUG";
  }
  return "INFO";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int LevelFromDebugConf(const std::string& text, const std::string& module) {
  int level = kDefaultLevel;
  std::istringstream lines(text);
  std::string key;
  int value = 0;
  // Later lines win, the module's own line over the catch-all "*".
  bool own = false;
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    if (!(words >> key >> value) || value < 0 || value > 9) continue;
    if (key == module + ".*" || key == module) {
      level = value;
      own = true;
    } else if (key == "*" && !own) {
      level = value;
    }
  }
  return level;
}

Log::Log(const std::string& module, const std::string& mgr_root)
    : module_(module), level_(LevelFromDebugConf(ReadFile(mgr_root + "/etc/debug.conf"), module)) {
  file_ = std::fopen((mgr_root + "/var/" + module + ".log").c_str(), "a");
}

Log::~Log() {
  if (file_) std::fclose(file_);
}

void Log::Redact(const std::string& secret) {
  std::lock_guard lock(mutex_);
  if (!secret.empty()) secrets_.push_back(secret);
}

std::string Log::Masked(std::string text) const {
  for (const auto& secret : secrets_) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

void Log::Write(LogLevel level, const std::string& message) {
  if (static_cast<int>(level) > level_ || !file_) return;
  std::lock_guard lock(mutex_);
  char stamp[32];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  std::strftime(stamp, sizeof stamp, "%b %d %H:%M:%S", &tm);
  std::fprintf(file_, "%s [%d] %s %s %s\n", stamp, static_cast<int>(getpid()), module_.c_str(),
               LevelName(level), Masked(message).c_str());
  std::fflush(file_);
}

}  // namespace pm::core
