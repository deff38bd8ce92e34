#include "vm6sim/seed.h"

#include <set>
#include <stdexcept>

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

// Reads one seed entry, refusing keys it does not know and values of the wrong type.
class Entry {
 public:
  Entry(const json& object, std::string where) : object_(object), where_(std::move(where)) {
    if (!object_.is_object()) Fail("must be an object");
  }

  void AllowOnly(const std::set<std::string>& keys) const {
    for (const auto& [key, value] : object_.items()) {
      if (!keys.count(key)) Fail("has unknown key '" + key + "'");
    }
  }

  [[noreturn]] void Fail(const std::string& what) const {
    throw std::invalid_argument("seed: " + where_ + " " + what);
  }

  bool Has(const char* key) const { return object_.contains(key) && !object_[key].is_null(); }

  int64_t Int(const char* key) const {
    if (!object_.contains(key)) Fail(std::string("needs '") + key + "'");
    if (!object_[key].is_number_integer()) Fail(std::string("'") + key + "' must be an integer");
    return object_[key].get<int64_t>();
  }
  int64_t Int(const char* key, int64_t fallback) const { return Has(key) ? Int(key) : fallback; }

  std::string Str(const char* key) const {
    if (!object_.contains(key)) Fail(std::string("needs '") + key + "'");
    if (!object_[key].is_string()) Fail(std::string("'") + key + "' must be a string");
    return object_[key].get<std::string>();
  }
  std::string Str(const char* key, const std::string& fallback) const {
    return Has(key) ? Str(key) : fallback;
  }

  bool Bool(const char* key, bool fallback) const {
    if (!Has(key)) return fallback;
    if (!object_[key].is_boolean()) Fail(std::string("'") + key + "' must be a boolean");
    return object_[key].get<bool>();
  }

  std::vector<int> Ints(const char* key) const {
    std::vector<int> out;
    if (!Has(key)) return out;
    if (!object_[key].is_array()) Fail(std::string("'") + key + "' must be an array");
    for (const auto& item : object_[key]) {
      if (!item.is_number_integer()) Fail(std::string("'") + key + "' must hold integers");
      out.push_back(item.get<int>());
    }
    return out;
  }

  std::vector<std::string> Strings(const char* key) const {
    std::vector<std::string> out;
    if (!Has(key)) return out;
    if (!object_[key].is_array()) Fail(std::string("'") + key + "' must be an array");
    for (const auto& item : object_[key]) {
      if (!item.is_string()) Fail(std::string("'") + key + "' must hold strings");
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  const json& Raw(const char* key) const { return object_.at(key); }

 private:
  const json& object_;
  std::string where_;
};

const json& Section(const json& seed, const char* name) {
  const json& section = seed.at(name);
  if (!section.is_array())
    throw std::invalid_argument(std::string("seed: '") + name + "' must be an array");
  return section;
}

template <typename T>
void Insert(std::map<int, T>& objects, T object, const Entry& entry) {
  if (object.id <= 0) entry.Fail("needs a positive 'id'");
  if (!objects.emplace(object.id, std::move(object)).second) entry.Fail("repeats an id");
}

template <typename T>
void Require(const std::map<int, T>& objects, int id, const Entry& entry, const char* what) {
  if (!objects.count(id))
    entry.Fail("names unknown " + std::string(what) + " " + std::to_string(id));
}

template <typename T>
int NextId(const std::map<int, T>& objects, int floor) {
  return std::max(floor, objects.empty() ? 1 : objects.rbegin()->first + 1);
}

void ReadCatalogue(const json& seed, World& world, const std::string& today) {
  const json& accounts = Section(seed, "accounts");
  for (size_t i = 0; i < accounts.size(); ++i) {
    Entry entry(accounts[i], "accounts[" + std::to_string(i) + "]");
    entry.AllowOnly({"id", "email", "password", "roles", "state"});
    Insert(world.accounts,
           Account{static_cast<int>(entry.Int("id")), entry.Str("email"), entry.Str("password"),
                   entry.Strings("roles"), entry.Str("state", "active")},
           entry);
  }
  const json& pools = Section(seed, "ippools");
  for (size_t i = 0; i < pools.size(); ++i) {
    Entry entry(pools[i], "ippools[" + std::to_string(i) + "]");
    entry.AllowOnly({"id", "name", "range", "gateway", "mask"});
    std::string range = entry.Str("range");
    auto dash = range.find('-');
    auto first = ParseIp(range.substr(0, dash));
    auto last = dash == std::string::npos ? first : ParseIp(range.substr(dash + 1));
    if (!first || !last || *last < *first) entry.Fail("has a malformed 'range' (a.b.c.d-a.b.c.e)");
    std::string gateway = entry.Str("gateway", IpText((*first & 0xffffff00u) | 1u));
    Insert(world.ippools,
           IpPool{static_cast<int>(entry.Int("id")), entry.Str("name"), *first, *last, gateway,
                  entry.Str("mask", "255.255.255.0")},
           entry);
  }
  const json& clusters = Section(seed, "clusters");
  for (size_t i = 0; i < clusters.size(); ++i) {
    Entry entry(clusters[i], "clusters[" + std::to_string(i) + "]");
    entry.AllowOnly({"id", "name", "ippools", "time_zone"});
    Cluster cluster{static_cast<int>(entry.Int("id")), entry.Str("name"), entry.Ints("ippools"),
                    entry.Str("time_zone", "UTC")};
    for (int pool : cluster.ippools) Require(world.ippools, pool, entry, "IP pool");
    std::sort(cluster.ippools.begin(), cluster.ippools.end());
    Insert(world.clusters, cluster, entry);
  }
  const json& nodes = Section(seed, "nodes");
  for (size_t i = 0; i < nodes.size(); ++i) {
    Entry entry(nodes[i], "nodes[" + std::to_string(i) + "]");
    entry.AllowOnly({"id", "name", "cluster", "ip_addr"});
    int id = static_cast<int>(entry.Int("id"));
    Node node{id, entry.Str("name"), static_cast<int>(entry.Int("cluster")),
              entry.Str("ip_addr", "192.0.2." + std::to_string(10 + id))};
    Require(world.clusters, node.cluster, entry, "cluster");
    Insert(world.nodes, node, entry);
  }
  const json& repositories = Section(seed, "repositories");
  for (size_t i = 0; i < repositories.size(); ++i) {
    Entry entry(repositories[i], "repositories[" + std::to_string(i) + "]");
    entry.AllowOnly({"id", "name", "url"});
    int id = static_cast<int>(entry.Int("id"));
    Insert(world.repositories,
           Repository{id, entry.Str("name"),
                      entry.Str("url", "https://repo.example.net/" + std::to_string(id) +
                                           "/metadata.json")},
           entry);
  }
  const json& oses = Section(seed, "os");
  for (size_t i = 0; i < oses.size(); ++i) {
    Entry entry(oses[i], "os[" + std::to_string(i) + "]");
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
    Require(world.repositories, os.repository, entry, "repository");
    for (int cluster : os.clusters) Require(world.clusters, cluster, entry, "cluster");
    Insert(world.os, os, entry);
  }
  const json& presets = Section(seed, "presets");
  for (size_t i = 0; i < presets.size(); ++i) {
    Entry entry(presets[i], "presets[" + std::to_string(i) + "]");
    entry.AllowOnly(
        {"id", "name", "cpu_number", "ram_mib", "hdd_mib", "net_in_mbitps", "net_out_mbitps"});
    Insert(world.presets,
           Preset{static_cast<int>(entry.Int("id")), entry.Str("name"), entry.Int("cpu_number"),
                  entry.Int("ram_mib"), entry.Int("hdd_mib"), entry.Int("net_in_mbitps", 0),
                  entry.Int("net_out_mbitps", 0)},
           entry);
  }
  const json& recipes = Section(seed, "recipes");
  for (size_t i = 0; i < recipes.size(); ++i) {
    Entry entry(recipes[i], "recipes[" + std::to_string(i) + "]");
    entry.AllowOnly({"id", "name", "repository"});
    Recipe recipe{static_cast<int>(entry.Int("id")), entry.Str("name"),
                  static_cast<int>(entry.Int("repository")), today};
    Require(world.repositories, recipe.repository, entry, "repository");
    Insert(world.recipes, recipe, entry);
  }
  const json& locations = Section(seed, "backup_locations");
  for (size_t i = 0; i < locations.size(); ++i) {
    Entry entry(locations[i], "backup_locations[" + std::to_string(i) + "]");
    entry.AllowOnly({"id", "name"});
    Insert(world.backup_locations,
           BackupLocation{static_cast<int>(entry.Int("id")), entry.Str("name")}, entry);
  }
}

void ReadHosts(const json& seed, World& world) {
  const json& hosts = Section(seed, "hosts");
  for (size_t i = 0; i < hosts.size(); ++i) {
    Entry entry(hosts[i], "hosts[" + std::to_string(i) + "]");
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
    Require(world.accounts, host.account, entry, "account");
    Require(world.clusters, host.cluster, entry, "cluster");
    Require(world.os, host.os, entry, "OS");
    int node = static_cast<int>(entry.Int("node", 0));
    if (!node) {
      for (const auto& [id, candidate] : world.nodes) {
        if (candidate.cluster == host.cluster) {
          node = id;
          break;
        }
      }
    }
    const Node* found = World::Find(world.nodes, node);
    if (!found || found->cluster != host.cluster) entry.Fail("needs a node of its cluster");
    host.node = node;
    if (entry.Has("preset")) {
      host.preset = static_cast<int>(entry.Int("preset"));
      Require(world.presets, *host.preset, entry, "preset");
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
    Insert(world.hosts, host, entry);
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
  const json& schedules = Section(seed, "schedules");
  for (size_t i = 0; i < schedules.size(); ++i) {
    Entry entry(schedules[i], "schedules[" + std::to_string(i) + "]");
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
      Require(world.backup_locations, id, entry, "backup location");
    for (int id : schedule.clusters) Require(world.clusters, id, entry, "cluster");
    for (int id : schedule.presets) Require(world.presets, id, entry, "preset");
    for (int id : schedule.nodes) Require(world.nodes, id, entry, "node");
    for (int id : schedule.hosts) Require(world.hosts, id, entry, "host");
    for (int id : schedule.disks) Require(world.disks, id, entry, "disk");
    Insert(world.schedules, schedule, entry);
  }
}

void ReadSettings(const json& seed, World& world) {
  auto number = [&](const char* key, double fallback) {
    if (!seed.contains(key)) return fallback;
    if (!seed[key].is_number() || seed[key].get<double>() < 0)
      throw std::invalid_argument(std::string("seed: '") + key + "' must be a number >= 0");
    return seed[key].get<double>();
  };
  world.token_ttl = number("token_ttl", 3600);
  world.key_ttl = number("key_ttl", 3600);
  world.task_visible_delay = number("task_visible_delay", 0);
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
  if (!seed.is_null() && !seed.is_object())
    throw std::invalid_argument("seed: must be a JSON object");
  static const std::set<std::string> kSections = {"accounts",         "ippools",
                                                  "clusters",         "nodes",
                                                  "repositories",     "os",
                                                  "presets",          "recipes",
                                                  "backup_locations", "hosts",
                                                  "schedules",        "token_ttl",
                                                  "key_ttl",          "task_visible_delay",
                                                  "task_durations"};
  json merged = DefaultSeed();
  if (seed.is_object()) {
    for (const auto& [key, value] : seed.items()) {
      if (!kSections.count(key)) throw std::invalid_argument("seed: unknown section '" + key + "'");
      merged[key] = value;
    }
  }
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
