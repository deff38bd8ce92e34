#include "vm6sim/seed.h"

#include <set>
#include <stdexcept>

#include "simcommon/seed_entry.h"

namespace vm6sim {

namespace {

using nlohmann::json;

json ScheduleSeed(int id, const std::string& name, const std::string& type, const json& start_time,
                  const json& clusters, const json& presets) {
  return {{"id", id},
          {"name", name},
          {"comment", ""},
          {"backup_mode", "full"},
          {"type", type},
          {"limit_count", 3},
          {"limit_size_mib", 0},
          {"start_time", start_time},
          {"backup_locations", {1}},
          {"clusters", clusters},
          {"presets", presets},
          {"nodes", json::array()},
          {"hosts", json::array()},
          {"disks", json::array()}};
}

json OsSeed(int id, const std::string& name, int repository, int hdd, const std::string& group,
            const json& clusters, bool adminonly = false) {
  return {{"id", id},
          {"name", name},
          {"repository", repository},
          {"hdd_mib_required", hdd},
          {"min_ram_mib", 512},
          {"adminonly", adminonly},
          {"clusters", clusters},
          {"os_group", group}};
}

using Entry = simcommon::SeedEntry;
using simcommon::InsertSeeded;
using simcommon::NextId;
using simcommon::RequireSeeded;
using simcommon::SeedNumber;
using simcommon::SeedSection;
using simcommon::SeedWhere;

void ReadCatalogue(const json& seed, World& world, const std::string& today) {
  const json& accounts = SeedSection(seed, "accounts");
  for (size_t i = 0; i < accounts.size(); ++i) {
    Entry entry(accounts[i], SeedWhere("accounts", i));
    entry.AllowOnly({"id", "email", "password", "roles", "state"});
    InsertSeeded(
        world.accounts,
        Account{static_cast<int>(entry.Int("id")), entry.Str("email"), entry.Str("password"),
                entry.Strings("roles"), entry.Str("state", "active")},
        entry);
  }
  const json& pools = SeedSection(seed, "ippools");
  for (size_t i = 0; i < pools.size(); ++i) {
    Entry entry(pools[i], SeedWhere("ippools", i));
    entry.AllowOnly({"id", "name", "range", "gateway", "mask"});
    std::string range = entry.Str("range");
    auto dash = range.find('-');
    auto first = ParseIp(range.substr(0, dash));
    auto last = dash == std::string::npos ? first : ParseIp(range.substr(dash + 1));
    if (!first || !last || *last < *first) entry.Fail("has a malformed 'range' (a.b.c.d-a.b.c.e)");
    std::string gateway = entry.Str("gateway", IpText((*first & 0xffffff00u) | 1u));
    InsertSeeded(world.ippools,
                 IpPool{static_cast<int>(entry.Int("id")), entry.Str("name"), *first, *last,
                        gateway, entry.Str("mask", "255.255.255.0")},
                 entry);
  }
  const json& clusters = SeedSection(seed, "clusters");
  for (size_t i = 0; i < clusters.size(); ++i) {
    Entry entry(clusters[i], SeedWhere("clusters", i));
    entry.AllowOnly({"id", "name", "ippools", "time_zone"});
    Cluster cluster{static_cast<int>(entry.Int("id")), entry.Str("name"), entry.Ints("ippools"),
                    entry.Str("time_zone", "UTC")};
    for (int pool : cluster.ippools) RequireSeeded(world.ippools, pool, entry, "IP pool");
    std::sort(cluster.ippools.begin(), cluster.ippools.end());
    InsertSeeded(world.clusters, cluster, entry);
  }
  const json& nodes = SeedSection(seed, "nodes");
  for (size_t i = 0; i < nodes.size(); ++i) {
    Entry entry(nodes[i], SeedWhere("nodes", i));
    entry.AllowOnly({"id", "name", "cluster", "ip_addr"});
    int id = static_cast<int>(entry.Int("id"));
    Node node{id, entry.Str("name"), static_cast<int>(entry.Int("cluster")),
              entry.Str("ip_addr", "192.0.2." + std::to_string(10 + id))};
    RequireSeeded(world.clusters, node.cluster, entry, "cluster");
    InsertSeeded(world.nodes, node, entry);
  }
  const json& repositories = SeedSection(seed, "repositories");
  for (size_t i = 0; i < repositories.size(); ++i) {
    Entry entry(repositories[i], SeedWhere("repositories", i));
    entry.AllowOnly({"id", "name", "url"});
    int id = static_cast<int>(entry.Int("id"));
    InsertSeeded(world.repositories,
                 Repository{id, entry.Str("name"),
                            entry.Str("url", "https://repo.example.net/" + std::to_string(id) +
                                                 "/metadata.json")},
                 entry);
  }
  const json& oses = SeedSection(seed, "os");
  for (size_t i = 0; i < oses.size(); ++i) {
    Entry entry(oses[i], SeedWhere("os", i));
    entry.AllowOnly({"id", "name", "repository", "hdd_mib_required", "min_ram_mib", "adminonly",
                     "clusters", "os_group"});
    Os os{static_cast<int>(entry.Int("id")),
          entry.Str("name"),
          static_cast<int>(entry.Int("repository")),
          entry.Int("hdd_mib_required", 0),
          entry.Int("min_ram_mib", 0),
          entry.Bool("adminonly", false),
          entry.Ints("clusters"),
          entry.Str("os_group", ""),
          today};
    RequireSeeded(world.repositories, os.repository, entry, "repository");
    for (int cluster : os.clusters) RequireSeeded(world.clusters, cluster, entry, "cluster");
    InsertSeeded(world.os, os, entry);
  }
  const json& presets = SeedSection(seed, "presets");
  for (size_t i = 0; i < presets.size(); ++i) {
    Entry entry(presets[i], SeedWhere("presets", i));
    entry.AllowOnly(
        {"id", "name", "cpu_number", "ram_mib", "hdd_mib", "net_in_mbitps", "net_out_mbitps"});
    InsertSeeded(world.presets,
                 Preset{static_cast<int>(entry.Int("id")), entry.Str("name"),
                        entry.Int("cpu_number"), entry.Int("ram_mib"), entry.Int("hdd_mib"),
                        entry.Int("net_in_mbitps", 0), entry.Int("net_out_mbitps", 0)},
                 entry);
  }
  const json& recipes = SeedSection(seed, "recipes");
  for (size_t i = 0; i < recipes.size(); ++i) {
    Entry entry(recipes[i], SeedWhere("recipes", i));
    entry.AllowOnly({"id", "name", "repository"});
    Recipe recipe{static_cast<int>(entry.Int("id")), entry.Str("name"),
                  static_cast<int>(entry.Int("repository")), today};
    RequireSeeded(world.repositories, recipe.repository, entry, "repository");
    InsertSeeded(world.recipes, recipe, entry);
  }
  const json& locations = SeedSection(seed, "backup_locations");
  for (size_t i = 0; i < locations.size(); ++i) {
    Entry entry(locations[i], SeedWhere("backup_locations", i));
    entry.AllowOnly({"id", "name"});
    InsertSeeded(world.backup_locations,
                 BackupLocation{static_cast<int>(entry.Int("id")), entry.Str("name")}, entry);
  }
}

void ReadHosts(const json& seed, World& world) {
  const json& hosts = SeedSection(seed, "hosts");
  for (size_t i = 0; i < hosts.size(); ++i) {
    Entry entry(hosts[i], SeedWhere("hosts", i));
    entry.AllowOnly({"id", "name", "domain", "comment", "account", "cluster", "node", "state", "os",
                     "preset", "cpu_number", "ram_mib", "hdd_mib", "disk_id", "ips", "password",
                     "net_in_mbitps", "net_out_mbitps", "net_bandwidth_mbitps"});
    Host host;
    host.id = static_cast<int>(entry.Int("id"));
    host.name = entry.Str("name");
    host.domain = entry.Str("domain", "");
    host.comment = entry.Str("comment", "");
    host.account = static_cast<int>(entry.Int("account"));
    host.cluster = static_cast<int>(entry.Int("cluster"));
    host.os = static_cast<int>(entry.Int("os"));
    host.state = entry.Str("state", "active");
    if (host.state != "active" && host.state != "stopped")
      entry.Fail("'state' must be \"active\" or \"stopped\"");
    RequireSeeded(world.accounts, host.account, entry, "account");
    RequireSeeded(world.clusters, host.cluster, entry, "cluster");
    RequireSeeded(world.os, host.os, entry, "OS");
    int node = static_cast<int>(entry.Int("node", 0));
    if (!node) {
      for (const auto& [id, candidate] : world.nodes) {
        if (candidate.cluster == host.cluster) {
          node = id;
          break;
        }
      }
    }
    const Node* found = simcommon::FindById(world.nodes, node);
    if (!found || found->cluster != host.cluster) entry.Fail("needs a node of its cluster");
    host.node = node;
    if (entry.Has("preset")) {
      host.preset = static_cast<int>(entry.Int("preset"));
      RequireSeeded(world.presets, *host.preset, entry, "preset");
    }
    host.cpu_number = entry.Int("cpu_number", 1);
    host.ram_mib = entry.Int("ram_mib", 1024);
    host.net_in_mbitps = entry.Int("net_in_mbitps", 0);
    host.net_out_mbitps = entry.Int("net_out_mbitps", 0);
    host.net_bandwidth_mbitps = entry.Int("net_bandwidth_mbitps", 0);
    host.password = entry.Str("password", "seeded-password");
    Disk disk{static_cast<int>(entry.Int("disk_id", world.next_disk)), host.id,
              entry.Int("hdd_mib", 10240), std::nullopt};
    if (world.disks.count(disk.id)) entry.Fail("repeats a disk id");
    world.next_disk = std::max(world.next_disk, disk.id + 1);
    host.disk = disk.id;
    world.disks.emplace(disk.id, disk);
    for (const std::string& text : entry.Strings("ips")) {
      auto value = ParseIp(text);
      if (!value) entry.Fail("has a malformed address '" + text + "'");
      int pool = 0;
      for (const auto& [id, info] : world.ippools) {
        if (*value >= info.first && *value <= info.last) pool = id;
      }
      if (!pool) entry.Fail("has address " + text + " outside every IP pool");
      for (const auto& [id, ip] : world.ips) {
        if (ip.value == *value) entry.Fail("repeats address " + text);
      }
      Ip ip{world.next_ip++, *value, pool, host.id, true, false, host.domain};
      host.ips.push_back(ip.id);
      world.ips.emplace(ip.id, ip);
    }
    InsertSeeded(world.hosts, host, entry);
  }
}

StartTime ReadStartTime(const json& value) {
  Entry entry(value, "start_time of a schedule");
  entry.AllowOnly({"day", "week_day", "hour", "minute"});
  StartTime time;
  if (entry.Has("day")) time.day = entry.Int("day");
  if (entry.Has("week_day")) time.week_day = entry.Int("week_day");
  time.hour = entry.Int("hour", 0);
  time.minute = entry.Int("minute", 0);
  return time;
}

void ReadSchedules(const json& seed, World& world) {
  const json& schedules = SeedSection(seed, "schedules");
  for (size_t i = 0; i < schedules.size(); ++i) {
    Entry entry(schedules[i], SeedWhere("schedules", i));
    entry.AllowOnly({"id", "name", "comment", "backup_mode", "type", "limit_count",
                     "limit_size_mib", "start_time", "backup_locations", "clusters", "presets",
                     "nodes", "hosts", "disks"});
    vm6sim::Schedule schedule;
    schedule.id = static_cast<int>(entry.Int("id"));
    schedule.name = entry.Str("name", "");
    schedule.comment = entry.Str("comment", "");
    schedule.backup_mode = entry.Str("backup_mode", "full");
    schedule.type = entry.Str("type");
    if (schedule.type != "daily" && schedule.type != "weekly" && schedule.type != "monthly")
      entry.Fail("'type' must be daily, weekly or monthly");
    schedule.limit_count = entry.Int("limit_count", 3);
    schedule.limit_size_mib = entry.Int("limit_size_mib", 0);
    if (entry.Has("start_time")) schedule.start_time = ReadStartTime(entry.Raw("start_time"));
    schedule.backup_locations = entry.Ints("backup_locations");
    schedule.clusters = entry.Ints("clusters");
    schedule.presets = entry.Ints("presets");
    schedule.nodes = entry.Ints("nodes");
    schedule.hosts = entry.Ints("hosts");
    schedule.disks = entry.Ints("disks");
    for (int id : schedule.backup_locations)
      RequireSeeded(world.backup_locations, id, entry, "backup location");
    for (int id : schedule.clusters) RequireSeeded(world.clusters, id, entry, "cluster");
    for (int id : schedule.presets) RequireSeeded(world.presets, id, entry, "preset");
    for (int id : schedule.nodes) RequireSeeded(world.nodes, id, entry, "node");
    for (int id : schedule.hosts) RequireSeeded(world.hosts, id, entry, "host");
    for (int id : schedule.disks) RequireSeeded(world.disks, id, entry, "disk");
    InsertSeeded(world.schedules, schedule, entry);
  }
}

void ReadSettings(const json& seed, World& world) {
  world.token_ttl = SeedNumber(seed, "token_ttl", 3600);
  world.key_ttl = SeedNumber(seed, "key_ttl", 3600);
  world.task_visible_delay = SeedNumber(seed, "task_visible_delay", 0);
  if (seed.contains("task_durations")) {
    const json& durations = seed["task_durations"];
    if (!durations.is_object())
      throw std::invalid_argument("seed: 'task_durations' must be an object");
    for (const auto& [name, value] : durations.items()) {
      if (!value.is_number() || value.get<double>() < 0)
        throw std::invalid_argument("seed: task_durations." + name + " must be a number >= 0");
      world.task_durations[name] = value.get<double>();
    }
  }
}

}  // namespace

json DefaultSeed() {
  json all12 = {1, 2};
  json one = {1};
  return {
      {"accounts",
       {{{"id", 1},
         {"email", "admin@example.com"},
         {"password", "admin-secret"},
         {"roles", {"@admin"}}},
        {{"id", 2},
         {"email", "client@example.com"},
         {"password", "client-secret"},
         {"roles", {"@user"}}},
        {{"id", 3},
         {"email", "operator@example.com"},
         {"password", "operator-secret"},
         {"roles", {"@user"}}}}},
      {"ippools",
       {{{"id", 1}, {"name", "pool1"}, {"range", "198.51.100.10-198.51.100.60"}},
        {{"id", 2}, {"name", "pool2"}, {"range", "203.0.113.10-203.0.113.60"}}}},
      {"clusters",
       {{{"id", 1}, {"name", "Cluster1"}, {"ippools", {1}}},
        {{"id", 2}, {"name", "Cluster2"}, {"ippools", {2}}}}},
      {"nodes",
       {{{"id", 1}, {"name", "node1"}, {"cluster", 1}},
        {{"id", 2}, {"name", "node2"}, {"cluster", 2}}}},
      {"repositories",
       {{{"id", 1},
         {"name", "ISPsystem"},
         {"url", "https://repo.example.net/ispsystem/metadata.json"}},
        {{"id", 2},
         {"name", "local-repo"},
         {"url", "https://repo.example.net/local/metadata.json"}}}},
      {"os",
       {OsSeed(1, "Debian 12", 1, 5120, "debian", all12),
        OsSeed(2, "Ubuntu 24.04", 1, 10240, "ubuntu", one),
        OsSeed(3, "AlmaLinux 9", 1, 10240, "redhat", one),
        OsSeed(4, "Windows Server 2022", 1, 30720, "windows", one, true),
        OsSeed(5, "FreeBSD 14", 2, 5120, "freebsd", {2})}},
      {"presets",
       {{{"id", 1},
         {"name", "Small"},
         {"cpu_number", 1},
         {"ram_mib", 1024},
         {"hdd_mib", 10240},
         {"net_in_mbitps", 100},
         {"net_out_mbitps", 100}},
        {{"id", 2},
         {"name", "Medium"},
         {"cpu_number", 2},
         {"ram_mib", 2048},
         {"hdd_mib", 20480},
         {"net_in_mbitps", 200},
         {"net_out_mbitps", 200}}}},
      {"recipes", {{{"id", 1}, {"name", "LAMP"}, {"repository", 1}}}},
      {"backup_locations", {{{"id", 1}, {"name", "local-backups"}}}},
      {"hosts",
       {{{"id", 1},
         {"name", "foreign1"},
         {"domain", "foreign1.example.org"},
         {"comment", "a client's own server"},
         {"account", 2},
         {"cluster", 1},
         {"node", 1},
         {"state", "active"},
         {"os", 1},
         {"cpu_number", 1},
         {"ram_mib", 1024},
         {"hdd_mib", 10240},
         {"ips", {"198.51.100.10"}},
         {"password", "foreign-secret"}}}},
      {"schedules",
       {ScheduleSeed(1, "Nightly", "daily", {{"hour", 3}, {"minute", 0}}, one, json::array()),
        ScheduleSeed(2, "", "weekly", {{"week_day", 3}, {"hour", 4}, {"minute", 30}}, one,
                     json::array()),
        ScheduleSeed(3, "", "monthly", {{"day", 5}, {"hour", 4}, {"minute", 30}}, all12,
                     json::array()),
        ScheduleSeed(4, "Preset nightly", "daily", {{"hour", 3}, {"minute", 0}}, json::array(),
                     one)}},
  };
}

World BuildWorld(const json& seed, double now) {
  json merged = simcommon::MergeSeed(
      seed, DefaultSeed(), {"token_ttl", "key_ttl", "task_visible_delay", "task_durations"});
  World world;
  std::string today = FormatDate(now);
  ReadCatalogue(merged, world, today);
  ReadHosts(merged, world);
  ReadSchedules(merged, world);
  ReadSettings(merged, world);
  world.next_account = NextId(world.accounts, 1);
  world.next_host = NextId(world.hosts, 1);
  world.next_schedule = NextId(world.schedules, 1);
  return world;
}

}  // namespace vm6sim
