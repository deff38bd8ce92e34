#include "pvesim/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <regex>
#include <utility>

namespace pvesim {

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  std::string current;
  for (char c : text) {
    if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c))) {
      if (!current.empty()) items.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) items.push_back(std::move(current));
  return items;
}

const std::regex& RegexFor(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::regex> cache;
  std::lock_guard<std::mutex> guard(mutex);
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, std::regex(pattern)).first;
  return it->second;
}

bool FullMatch(const std::string& text, const std::string& pattern) {
  return std::regex_match(text, RegexFor(pattern));
}

bool IsNumber(std::string_view text) {
  static const std::regex re(R"(^[+-]?(\d+\.\d+|\d+\.|\.\d+|\d+)([eE][+-]?\d+)?$)");
  return std::regex_match(text.begin(), text.end(), re);
}

std::string NumberText(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", value);
  return buf;
}

std::optional<uint64_t> ParseSize(std::string_view text) {
  static const std::regex re(R"(^(\d+(\.\d+)?)([KMGT](iB)?)?$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, re)) return std::nullopt;
  double size = std::stod(m[1].str());
  if (m[3].matched) {
    switch (m[3].str()[0]) {
      case 'T':
        size *= 1024.0;
        [[fallthrough]];
      case 'G':
        size *= 1024.0;
        [[fallthrough]];
      case 'M':
        size *= 1024.0;
        [[fallthrough]];
      default:
        size *= 1024.0;
    }
  }
  return static_cast<uint64_t>(size);
}

std::string FormatSize(uint64_t bytes) {
  static const char* kUnits[] = {"K", "M", "G", "T"};
  if (bytes % 1024 != 0) return std::to_string(bytes);
  uint64_t value = bytes / 1024;
  int unit = 0;
  while (unit < 3 && value % 1024 == 0) {
    value /= 1024;
    ++unit;
  }
  return std::to_string(value) + kUnits[unit];
}

std::string FormatSizeHuman(uint64_t bytes) {
  double kb = static_cast<double>(bytes) / 1024.0;
  if (kb < 1024) return std::to_string(static_cast<long long>(kb)) + "KB";
  double mb = kb / 1024.0;
  if (mb < 1024) return std::to_string(static_cast<long long>(mb)) + "MB";
  char buf[32];
  double gb = mb / 1024.0;
  if (gb < 1024) {
    std::snprintf(buf, sizeof buf, "%.2fGB", gb);
  } else {
    std::snprintf(buf, sizeof buf, "%.2fTB", gb / 1024.0);
  }
  return buf;
}

std::string RenderBytes(uint64_t bytes, int precision) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  if (bytes > 1023) {
    // The same floating-point steps as Perl's int(log($value) / log(1024)).
    unit = std::min(5, static_cast<int>(std::log(value) / std::log(1024.0)));
    value /= std::pow(1024.0, unit);
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f %s", precision, value, kUnits[unit]);
  return buf;
}

std::string RenderDuration(int64_t seconds) {
  if (seconds <= 0) return "0s";
  static const std::pair<const char*, int64_t> kUnits[] = {
      {"w", 7 * 24 * 3600}, {"d", 24 * 3600}, {"h", 3600}, {"m", 60}, {"s", 1}};
  std::vector<std::string> parts;
  for (const auto& [unit, length] : kUnits) {
    if (seconds / length == 0) continue;
    parts.push_back(std::to_string(seconds / length) + unit);
    seconds %= length;
  }
  return Join(parts, " ");
}

}  // namespace pvesim
