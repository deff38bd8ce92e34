#include "vm6sim/world.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <set>

namespace vm6sim {

bool Account::IsAdmin() const {
  return std::find(roles.begin(), roles.end(), "@admin") != roles.end();
}

Account* World::FindAccountByEmail(const std::string& email) {
  for (auto& [id, account] : accounts) {
    if (account.email == email) return &account;
  }
  return nullptr;
}

const std::map<std::string, double>& DefaultTaskDurations() {
  static const std::map<std::string, double> kDurations = {
      {"host_create", 30},       {"recipe_run", 20},     {"host_start", 5},
      {"host_stop", 5},          {"host_restart", 5},    {"host_change_owner", 2},
      {"host_change_params", 5}, {"disk_resize", 5},     {"ip_change", 3},
      {"ip_delete", 3},          {"host_reinstall", 30}, {"host_change_password", 3},
      {"host_delete", 10},
  };
  return kDurations;
}

double World::TaskDuration(const std::string& name) const {
  auto it = task_durations.find(name);
  if (it != task_durations.end()) return it->second;
  auto fallback = DefaultTaskDurations().find(name);
  return fallback == DefaultTaskDurations().end() ? 1 : fallback->second;
}

std::optional<uint32_t> World::FreeAddress(int pool) const {
  const IpPool* info = simcommon::FindById(ippools, pool);
  if (!info) return std::nullopt;
  std::set<uint32_t> used;
  for (const auto& [id, ip] : ips) {
    if (ip.pool == pool) used.insert(ip.value);
  }
  for (uint64_t value = info->first; value <= info->last; ++value) {
    if (!used.count(static_cast<uint32_t>(value))) return static_cast<uint32_t>(value);
  }
  return std::nullopt;
}

int World::UsedAddresses(int pool) const {
  return static_cast<int>(std::count_if(ips.begin(), ips.end(),
                                        [pool](const auto& ip) { return ip.second.pool == pool; }));
}

std::vector<int> World::PoolClusters(int pool) const {
  std::vector<int> out;
  for (const auto& [id, cluster] : clusters) {
    if (std::find(cluster.ippools.begin(), cluster.ippools.end(), pool) != cluster.ippools.end())
      out.push_back(id);
  }
  return out;
}

std::string FormatDate(double epoch_seconds) {
  std::time_t time = static_cast<std::time_t>(std::floor(epoch_seconds));
  std::tm tm{};
  gmtime_r(&time, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

}  // namespace vm6sim
