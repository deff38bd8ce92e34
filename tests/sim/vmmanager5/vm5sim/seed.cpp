#include "vm5sim/seed.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "simcommon/seed_entry.h"

namespace vm5sim {

namespace {

using nlohmann::json;

using Entry = simcommon::SeedEntry;
using simcommon::InsertSeeded;
using simcommon::NextId;
using simcommon::SeedNumber;
using simcommon::SeedSection;
using simcommon::SeedWhere;

void ReadUsers(const json& seed, World& world) {
  const json& users = SeedSection(seed, "users");
  for (size_t i = 0; i < users.size(); ++i) {
    Entry entry(users[i], SeedWhere("users", i));
    entry.AllowOnly({"id", "name", "password", "level", "enabled"});
    User user{static_cast<int>(entry.Int("id")), entry.Str("name"), entry.Str("password"),
              static_cast<int>(entry.Int("level", kUserLevel)), entry.Bool("enabled", true)};
    if (user.level != kUserLevel && user.level < kAdminLevel)
      entry.Fail("'level' must be 16 or at least 29");
    if (world.FindUserByName(user.name)) entry.Fail("repeats the name '" + user.name + "'");
    InsertSeeded(world.users, user, entry);
  }
}

void ReadNodes(const json& seed, World& world) {
  const json& nodes = SeedSection(seed, "nodes");
  for (size_t i = 0; i < nodes.size(); ++i) {
    Entry entry(nodes[i], SeedWhere("nodes", i));
    entry.AllowOnly({"id", "name", "ip", "blocked", "mem_mib", "vmlimit"});
    int id = static_cast<int>(entry.Int("id"));
    Node node{id,
              entry.Str("name"),
              entry.Str("ip", "192.0.2." + std::to_string(20 + id % 200)),
              entry.Bool("blocked", false),
              entry.Positive("mem_mib", 65536),
              static_cast<int>(entry.Int("vmlimit", 0))};
    if (node.vmlimit < 0) entry.Fail("'vmlimit' must be 0 (no limit) or more");
    InsertSeeded(world.nodes, node, entry);
  }
}

void ReadTemplates(const json& seed, World& world) {
  const json& templates = SeedSection(seed, "templates");
  for (size_t i = 0; i < templates.size(); ++i) {
    Entry entry(templates[i], SeedWhere("templates", i));
    entry.AllowOnly({"repo", "osname", "mindisk", "nodes"});
    Template item{entry.Str("repo"), entry.Str("osname"), entry.Int("mindisk", 0),
                  entry.Ints("nodes")};
    if (item.repo.empty() || item.osname.empty())
      entry.Fail("needs a non-empty 'repo' and 'osname'");
    for (int node : item.nodes) {
      if (!world.nodes.count(node)) entry.Fail("names unknown node " + std::to_string(node));
    }
    if (world.FindTemplate(item.Id())) entry.Fail("repeats " + item.Id());
    world.templates.push_back(item);
  }
}

void ReadCatalogue(const json& seed, World& world) {
  const json& presets = SeedSection(seed, "presets");
  for (size_t i = 0; i < presets.size(); ++i) {
    Entry entry(presets[i], SeedWhere("presets", i));
    entry.AllowOnly({"id", "name", "mem", "vcpu", "vsize", "cputune"});
    InsertSeeded(world.presets,
                 Preset{static_cast<int>(entry.Int("id")), entry.Str("name"),
                        entry.Positive("mem", 1024), entry.Positive("vcpu", 1),
                        entry.Positive("vsize", 10240), entry.Positive("cputune", 1000)},
                 entry);
  }
  const json& recipes = SeedSection(seed, "recipes");
  for (size_t i = 0; i < recipes.size(); ++i) {
    Entry entry(recipes[i], SeedWhere("recipes", i));
    entry.AllowOnly({"id", "name"});
    InsertSeeded(world.recipes, Recipe{static_cast<int>(entry.Int("id")), entry.Str("name")},
                 entry);
  }
  const json& ranges = SeedSection(seed, "ip_ranges");
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (!ranges[i].is_string())
      throw std::invalid_argument("seed: " + SeedWhere("ip_ranges", i) + " must be a string");
    std::string text = ranges[i].get<std::string>();
    size_t dash = text.find('-');
    auto first = ParseIp(text.substr(0, dash));
    auto last = dash == std::string::npos ? first : ParseIp(text.substr(dash + 1));
    if (!first || !last || *last < *first)
      throw std::invalid_argument("seed: " + SeedWhere("ip_ranges", i) + " is not a.b.c.d-a.b.c.e");
    world.ranges.push_back({*first, *last});
  }
}

void ReadVmAddresses(const Entry& entry, World& world, int vm) {
  for (const std::string& text : entry.Strings("ips")) {
    auto value = ParseIp(text);
    if (!value) entry.Fail("has a malformed address '" + text + "'");
    if (!world.InRange(*value)) entry.Fail("has address " + text + " outside every IP range");
    if (world.FindAddress(*value)) entry.Fail("repeats address " + text);
    world.AddAddress(vm, *value);
  }
}

void ReadVms(const json& seed, World& world) {
  const json& vms = SeedSection(seed, "vms");
  for (size_t i = 0; i < vms.size(); ++i) {
    Entry entry(vms[i], SeedWhere("vms", i));
    entry.AllowOnly({"id", "name", "domain", "user", "mem", "vcpu", "cputune", "vsize", "osname",
                     "hostnode", "state", "blocked", "password", "ips"});
    Vm vm;
    vm.id = static_cast<int>(entry.Int("id"));
    vm.name = entry.Str("name");
    vm.domain = entry.Str("domain", "");
    vm.user = static_cast<int>(entry.Int("user"));
    vm.mem = entry.Positive("mem", 1024);
    vm.vcpu = entry.Positive("vcpu", 1);
    vm.cputune = entry.Positive("cputune", 1000);
    vm.vsize = entry.Positive("vsize", 10240);
    vm.osname = entry.Str("osname");
    vm.node = static_cast<int>(entry.Int("hostnode"));
    vm.state = entry.Str("state", "running");
    vm.blocked = entry.Bool("blocked", false);
    vm.password = entry.Str("password", "seeded-password");
    if (vm.state != "running" && vm.state != "down")
      entry.Fail("'state' must be \"running\" or \"down\"");
    if (!world.users.count(vm.user)) entry.Fail("names unknown user " + std::to_string(vm.user));
    if (!world.nodes.count(vm.node)) entry.Fail("names unknown node " + std::to_string(vm.node));
    if (!world.FindTemplate(vm.osname)) entry.Fail("names unknown template " + vm.osname);
    for (const auto& [id, other] : world.vms) {
      if (other.name == vm.name) entry.Fail("repeats the name '" + vm.name + "'");
    }
    InsertSeeded(world.vms, vm, entry);
    ReadVmAddresses(entry, world, vm.id);
  }
}

void ReadSettings(const json& seed, World& world) {
  world.session_ttl = SeedNumber(seed, "session_ttl", 3600);
  world.install_seconds = SeedNumber(seed, "install_seconds", 120);
  world.power_seconds = SeedNumber(seed, "power_seconds", 5);
}

json TemplateSeed(const std::string& osname, int64_t mindisk, const json& nodes) {
  return {{"repo", "ISPsystem"}, {"osname", osname}, {"mindisk", mindisk}, {"nodes", nodes}};
}

json PresetSeed(int id, const std::string& name, int64_t mem, int64_t vcpu, int64_t vsize,
                int64_t cputune) {
  return {{"id", id},     {"name", name},   {"mem", mem},
          {"vcpu", vcpu}, {"vsize", vsize}, {"cputune", cputune}};
}

}  // namespace

json DefaultSeed() {
  return {
      {"users",
       {{{"id", 1}, {"name", "admin"}, {"password", "admin-secret"}, {"level", kAdminLevel}},
        {{"id", 2}, {"name", "operator"}, {"password", "operator-secret"}, {"level", kUserLevel}}}},
      {"nodes",
       {{{"id", 1}, {"name", "node1"}, {"ip", "192.0.2.21"}, {"mem_mib", 65536}, {"vmlimit", 0}},
        {{"id", 2}, {"name", "node2"}, {"ip", "192.0.2.22"}, {"mem_mib", 65536}, {"vmlimit", 0}}}},
      {"templates",
       {TemplateSeed("CentOS-7-amd64", 5120, {1}), TemplateSeed("Debian-12-amd64", 3072, {1, 2}),
        TemplateSeed("FreeBSD-13-amd64", 5120, json::array())}},
      {"presets",
       {PresetSeed(1, "Small", 1024, 1, 10240, 1000),
        PresetSeed(2, "Medium", 2048, 2, 20480, 2000)}},
      {"recipes", {{{"id", 1}, {"name", "LAMP"}}}},
      {"ip_ranges", {"203.0.113.10-203.0.113.50"}},
      {"vms",
       {{{"id", 101},
         {"name", "foreign1"},
         {"domain", "foreign1.example.org"},
         {"user", 2},
         {"mem", 1024},
         {"vcpu", 1},
         {"cputune", 1000},
         {"vsize", 10240},
         {"osname", "ISPsystem__Debian-12-amd64"},
         {"hostnode", 1},
         {"state", "running"},
         {"password", "foreign-secret"},
         {"ips", {"203.0.113.10"}}}}},
  };
}

World BuildWorld(const json& seed) {
  json merged = simcommon::MergeSeed(seed, DefaultSeed(),
                                     {"session_ttl", "install_seconds", "power_seconds"});
  World world;
  ReadUsers(merged, world);
  ReadNodes(merged, world);
  ReadTemplates(merged, world);
  ReadCatalogue(merged, world);
  ReadVms(merged, world);
  ReadSettings(merged, world);
  world.next_user = NextId(world.users, 1);
  world.next_vm = NextId(world.vms, 101);
  return world;
}

}  // namespace vm5sim
