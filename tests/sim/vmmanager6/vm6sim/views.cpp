#include "vm6sim/views.h"

#include <cmath>
#include <ctime>

#include "simcommon/digest.h"

namespace vm6sim {

namespace {

using nlohmann::json;

json Optional(const std::optional<int64_t>& value) { return value ? json(*value) : json(nullptr); }

json NameRef(int id, const std::string& name) { return {{"id", id}, {"name", name}}; }

int64_t Uptime(const Host& host, double now) {
  if (host.state != "active") return 0;
  return std::max<int64_t>(0, static_cast<int64_t>(std::floor(now - host.started_at)));
}

}  // namespace

json HostObject(const World& world, const Host& host, double now) {
  const Os* os = simcommon::FindById(world.os, host.os);
  return {{"id", host.id},
          {"name", host.name},
          {"domain", host.domain},
          {"state", host.state},
          {"comment", host.comment},
          {"cpu_number", host.cpu_number},
          {"cpu_number_new", Optional(host.cpu_number_new)},
          {"ram_mib", host.ram_mib},
          {"ram_mib_new", Optional(host.ram_mib_new)},
          {"cpu_mode", host.cpu_mode},
          {"net_in_mbitps", host.net_in_mbitps},
          {"net_out_mbitps", host.net_out_mbitps},
          {"net_bandwidth_mbitps", host.net_bandwidth_mbitps},
          {"os", {{"id", host.os}}},
          {"os_name", os ? os->name : ""},
          {"os_group", os ? os->os_group : ""},
          {"preset", host.preset ? json(*host.preset) : json(nullptr)},
          {"disabled", false},
          {"uptime", Uptime(host, now)}};
}

json HostRow(const World& world, const Host& host, double now) {
  json row = HostObject(world, host, now);
  const Account* account = simcommon::FindById(world.accounts, host.account);
  const Cluster* cluster = simcommon::FindById(world.clusters, host.cluster);
  const Node* node = simcommon::FindById(world.nodes, host.node);
  const Disk* disk = simcommon::FindById(world.disks, host.disk);
  row["account"] = {{"id", host.account}, {"email", account ? account->email : ""}};
  row["cluster"] = NameRef(host.cluster, cluster ? cluster->name : "");
  row["node"] = {
      {"id", host.node}, {"name", node ? node->name : ""}, {"ip_addr", node ? node->ip_addr : ""}};
  row["disk"] = {{"id", host.disk},
                 {"disk_mib", disk ? disk->size_mib : 0},
                 {"disk_mib_new", disk ? Optional(disk->size_mib_new) : json(nullptr)}};
  row["disk_count"] = 1;
  json ip4 = json::array();
  for (int id : host.ips) {
    if (const Ip* ip = simcommon::FindById(world.ips, id))
      ip4.push_back({{"id", ip->id}, {"ip", IpText(ip->value)}});
  }
  row["ip4"] = ip4;
  return row;
}

json HostDetail(const Core& core, const Host& host, double now) {
  json detail = HostRow(core.world, host, now);
  detail["password_sha256"] = simcommon::Sha256Hex(host.password);
  detail["ipv6_enabled"] = host.ipv6_enabled;
  detail["busy_task"] = host.busy_task ? json(host.busy_task) : json(nullptr);
  detail["recipes_run"] = host.recipes_run;
  json reserved = json::array();
  for (const auto& [id, ip] : core.world.ips) {
    if (ip.host == host.id && !ip.attached) reserved.push_back(IpText(ip.value));
  }
  detail["ip4_reserved"] = reserved;
  json schedules = json::array();
  for (const auto& [id, schedule] : core.world.schedules) {
    for (int member : schedule.hosts) {
      if (member == host.id) schedules.push_back(id);
    }
  }
  detail["schedules"] = schedules;
  return detail;
}

json TaskRow(const Task& task) {
  return {{"id", task.id},
          {"consul_id", task.consul_id},
          {"name", task.name},
          {"status", task.status},
          {"defer_reason", task.defer_reason ? json(*task.defer_reason) : json(nullptr)},
          {"host", {{"id", task.host}}},
          {"registration_date", task.registration_date},
          {"output", task.output}};
}

std::optional<std::string> NextRun(const Schedule& schedule, double now) {
  const StartTime& at = schedule.start_time;
  std::time_t current = static_cast<std::time_t>(std::floor(now));
  std::tm today{};
  gmtime_r(&current, &today);
  auto at_day = [&](int year, int month, int day) {
    std::tm tm{};
    tm.tm_year = year;
    tm.tm_mon = month;
    tm.tm_mday = day;
    tm.tm_hour = static_cast<int>(at.hour);
    tm.tm_min = static_cast<int>(at.minute);
    return timegm(&tm);  // normalises day overflow
  };
  std::time_t next = 0;
  if (schedule.type == "daily") {
    next = at_day(today.tm_year, today.tm_mon, today.tm_mday);
    if (next <= current) next = at_day(today.tm_year, today.tm_mon, today.tm_mday + 1);
  } else if (schedule.type == "weekly") {
    if (!at.week_day) return std::nullopt;
    int iso = today.tm_wday == 0 ? 7 : today.tm_wday;
    int ahead = static_cast<int>((*at.week_day - iso + 7) % 7);
    next = at_day(today.tm_year, today.tm_mon, today.tm_mday + ahead);
    if (next <= current) next = at_day(today.tm_year, today.tm_mon, today.tm_mday + ahead + 7);
  } else if (schedule.type == "monthly") {
    if (!at.day) return std::nullopt;
    for (int month = 0; month < 14 && !next; ++month) {
      std::time_t first = at_day(today.tm_year, today.tm_mon + month, 1);
      std::tm first_tm{};
      gmtime_r(&first, &first_tm);
      std::time_t candidate = at_day(first_tm.tm_year, first_tm.tm_mon, static_cast<int>(*at.day));
      std::tm candidate_tm{};
      gmtime_r(&candidate, &candidate_tm);
      if (candidate_tm.tm_mon == first_tm.tm_mon && candidate > current) next = candidate;
    }
    if (!next) return std::nullopt;
  } else {
    return std::nullopt;
  }
  return FormatDate(static_cast<double>(next));
}

json ScheduleRow(const Schedule& schedule, double now) {
  const StartTime& at = schedule.start_time;
  auto next_run = NextRun(schedule, now);
  return {{"id", schedule.id},
          {"name", schedule.name},
          {"comment", schedule.comment},
          {"backup_mode", schedule.backup_mode},
          {"type", schedule.type},
          {"limit_count", schedule.limit_count},
          {"limit_size_mib", schedule.limit_size_mib},
          {"start_time",
           {{"day", Optional(at.day)},
            {"week_day", Optional(at.week_day)},
            {"hour", at.hour},
            {"minute", at.minute}}},
          {"next_run", next_run ? json(*next_run) : json(nullptr)},
          {"backup_locations", schedule.backup_locations},
          {"clusters", schedule.clusters},
          {"presets", schedule.presets},
          {"nodes", schedule.nodes},
          {"hosts", schedule.hosts},
          {"disks", schedule.disks}};
}

json AccountRow(const World& world, const Account& account) {
  json host_ids = json::array();
  for (const auto& [id, host] : world.hosts) {
    if (host.account == account.id) host_ids.push_back(id);
  }
  return {{"id", account.id},       {"email", account.email},        {"state", account.state},
          {"roles", account.roles}, {"host_count", host_ids.size()}, {"host_ids", host_ids}};
}

json IpRow(const World& world, const Ip& ip) {
  const IpPool* pool = simcommon::FindById(world.ippools, ip.pool);
  return {{"id", ip.id},
          {"ip_addr", IpText(ip.value)},
          {"gateway", pool ? pool->gateway : ""},
          {"mask", pool ? pool->mask : ""},
          {"ippool", ip.pool},
          {"domain", ip.domain}};
}

}  // namespace vm6sim
