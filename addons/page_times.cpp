#include "page_times.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace pm::addons {
namespace {

std::string Format(const std::tm& parts) {
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts);
  return text;
}

constexpr std::int64_t kLatest = 1LL << 40;       // seconds: far past any date, far from overflow
constexpr std::int64_t kWidestZone = 26 * 3600;   // a zone's offset beyond this is no zone's

// The zone's offset; a stored one no zone has counts as UTC.
std::int64_t OffsetOf(const std::optional<vps::backups::ClusterZone>& zone) {
  if (!zone || zone->offset < -kWidestZone || zone->offset > kWidestZone) return 0;
  return zone->offset;
}

bool KnownTzName(const std::string& name) {
  // A tz name is a relative path under the zoneinfo directory; anything else is not one.
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  return std::filesystem::is_regular_file("/usr/share/zoneinfo/" + name);
}

// localtime_r in the named zone. The page is one short single-threaded process, so setting TZ
// for the call is safe.
std::tm InZone(std::time_t time, const std::string& name) {
  const char* saved = std::getenv("TZ");
  std::string previous = saved ? saved : "";
  setenv("TZ", name.c_str(), 1);
  tzset();
  std::tm parts{};
  localtime_r(&time, &parts);
  if (saved) {
    setenv("TZ", previous.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  return parts;
}

}  // namespace

std::string ShowTime(std::int64_t epoch, const std::optional<vps::backups::ClusterZone>& zone) {
  // A time no calendar shows (a hypervisor's odd answer, kept in the state) is shown as it is.
  if (epoch < -kLatest || epoch > kLatest) return std::to_string(epoch);
  if (zone && KnownTzName(zone->name)) return Format(InZone(static_cast<std::time_t>(epoch), zone->name));
  std::tm parts{};
  std::time_t shifted = static_cast<std::time_t>(epoch + OffsetOf(zone));
  gmtime_r(&shifted, &parts);
  return Format(parts);
}

std::string ShowZone(const std::optional<vps::backups::ClusterZone>& zone) {
  if (!zone) return "UTC";
  std::int64_t offset = OffsetOf(zone);
  std::int64_t minutes = (offset < 0 ? -offset : offset) / 60;
  char shown[48];
  std::snprintf(shown, sizeof shown, "UTC%c%02lld:%02lld", offset < 0 ? '-' : '+',
                static_cast<long long>(minutes / 60), static_cast<long long>(minutes % 60));
  return zone->name.empty() ? shown : zone->name + " (" + shown + ")";
}

}  // namespace pm::addons
