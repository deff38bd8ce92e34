// Hosts (virtual machines) and what hangs off them: create, list, power, owner, resources,
// disk, IP addresses, reinstall, password, delete.
#include <algorithm>

#include "vm6sim/api.h"
#include "vm6sim/views.h"
#include "vm6sim/where.h"

namespace vm6sim {

namespace {

using nlohmann::json;

const Schema kRecipeParam = {{"name", FieldType::kString, true},
                             {"value", FieldType::kString, true}};
const Schema kRecipeItem = {
    {"recipe", FieldType::kInteger, true},
    {"recipe_params", FieldType::kObjectArray, false, false, &kRecipeParam}};
const Schema kInterface = {{"ippool", FieldType::kInteger},
                           {"ip_count", FieldType::kInteger},
                           {"ip_name", FieldType::kString},
                           {"model", FieldType::kString},
                           {"is_main_network", FieldType::kBoolean}};
const Schema kDefer = {{"action", FieldType::kString, true}};

const Schema kCreate = {
    {"name", FieldType::kString, true},
    {"cluster", FieldType::kInteger, true},
    {"account", FieldType::kInteger, true},
    {"password", FieldType::kString, true},
    {"os", FieldType::kInteger},
    {"image", FieldType::kInteger},
    {"preset", FieldType::kInteger},
    {"cpu_number", FieldType::kInteger},
    {"ram_mib", FieldType::kInteger},
    {"hdd_mib", FieldType::kInteger},
    {"domain", FieldType::kString},
    {"comment", FieldType::kString},
    {"node", FieldType::kInteger},
    {"ipv4_number", FieldType::kInteger},
    {"ipv4_pool", FieldType::kIntegerArray},
    {"ipv6_enabled", FieldType::kBoolean},
    {"recipe_list", FieldType::kObjectArray, false, false, &kRecipeItem},
    {"custom_interfaces", FieldType::kObjectArray, false, false, &kInterface},
    {"net_in_mbitps", FieldType::kInteger},
    {"net_out_mbitps", FieldType::kInteger},
    {"net_bandwidth_mbitps", FieldType::kInteger},
    {"send_email_mode", FieldType::kString},
    {"cpu_mode", FieldType::kString},
};

const Schema kPower = {{"force", FieldType::kBoolean}};
const Schema kOwner = {{"account", FieldType::kInteger, true}};
const Schema kResource = {{"cpu_number", FieldType::kInteger},
                          {"ram_mib", FieldType::kInteger},
                          {"net_in_mbitps", FieldType::kInteger},
                          {"net_out_mbitps", FieldType::kInteger},
                          {"net_bandwidth_mbitps", FieldType::kInteger},
                          {"cpu_mode", FieldType::kString},
                          {"defer", FieldType::kObject, false, false, &kDefer}};
const Schema kDisk = {{"size_mib", FieldType::kInteger, true},
                      {"defer", FieldType::kObject, false, false, &kDefer}};
const Schema kAddIp = {{"ipv4_number", FieldType::kInteger, true},
                       {"ipv4_pool", FieldType::kIntegerArray}};
const Schema kReinstall = {{"os", FieldType::kInteger, true},
                           {"password", FieldType::kString, true},
                           {"recipe_list", FieldType::kObjectArray, false, false, &kRecipeItem},
                           {"send_email_mode", FieldType::kString}};
const Schema kPassword = {{"password", FieldType::kString, true}};
// POST /host/{id} takes the general fields only; resources go to /resource (notes A12).
const Schema kEdit = {{"name", FieldType::kString}, {"comment", FieldType::kString}};
const Schema kPtr = {{"domain", FieldType::kString, true}};

Host* FindHost(Core& core, int id) { return simcommon::FindById(core.world.hosts, id); }

int64_t Int(const json& body, const char* key) { return body[key].get<int64_t>(); }

void RequireMissing(const json& body, const char* key) {
  if (!body.contains(key)) {
    throw ApiError(400, code::kMissingProperty,
                   std::string("PROXY-3006: Missing required property '") + key + "'",
                   {{"property", key}});
  }
}

void CheckPassword(const json& body) {
  if (body["password"].get<std::string>().size() < 8)
    throw InvalidValue("password", "at least 8 characters required");
}

void CheckAtLeast(const json& body, const char* key, int64_t minimum) {
  if (body.contains(key) && Int(body, key) < minimum)
    throw InvalidValue(key, "must be at least " + std::to_string(minimum));
}

void CheckCpuMode(const json& body) {
  if (!body.contains("cpu_mode")) return;
  std::string mode = body["cpu_mode"];
  if (mode != "default" && mode != "host-model" && mode != "host-passthrough")
    throw InvalidValue("cpu_mode", "must be default, host-model or host-passthrough");
}

void CheckDefer(const json& body) {
  if (body.contains("defer") && body["defer"]["action"] != "host_stop")
    throw InvalidValue("defer.action", "must be host_stop");
}

// An operation may not start while the host is created, deleted or reinstalled.
void RequireIdle(const Host& host) {
  std::string what;
  if (host.state == "creating" || host.state == "deleting") what = host.state;
  if (host.busy_task) what = "reinstalling";
  if (!what.empty()) {
    throw ApiError(400, code::kHostBusy,
                   "Host " + std::to_string(host.id) + " is busy (" + what + "), try again later",
                   {{"id", host.id}, {"state", host.state}});
  }
}

const Os& CheckOs(Call& call, int64_t os_id, const Cluster& cluster) {
  const Os* os = simcommon::FindById(call.world().os, os_id);
  if (!os) throw ReferenceNotFound("os", "OS", os_id);
  if (std::find(os->clusters.begin(), os->clusters.end(), cluster.id) == os->clusters.end()) {
    throw ApiError(400, code::kNotAvailable,
                   "OS " + std::to_string(os_id) + " is not available on cluster " +
                       std::to_string(cluster.id),
                   {{"property", "os"}, {"id", os_id}});
  }
  if (os->adminonly && !call.IsAdmin()) {
    throw ApiError(400, code::kNotAvailable,
                   "OS " + std::to_string(os_id) + " is available to administrators only",
                   {{"property", "os"}, {"id", os_id}});
  }
  return *os;
}

void CheckMinimum(const char* property, int64_t value, int64_t minimum, const Os& os) {
  if (value >= minimum) return;
  std::string what = std::string(property) == "hdd_mib" ? "Disk size" : "RAM size";
  throw ApiError(400, code::kBelowMinimum,
                 what + " " + std::to_string(value) + " MiB is less than the " +
                     std::to_string(minimum) + " MiB that OS '" + os.name + "' requires",
                 {{"property", property}, {"minimum", minimum}});
}

std::vector<int> CheckPools(Call& call, const json& ids, const Cluster& cluster) {
  std::vector<int> pools;
  for (const auto& item : ids) {
    int64_t id = item.get<int64_t>();
    if (!simcommon::FindById(call.world().ippools, id))
      throw ReferenceNotFound("ipv4_pool", "IP pool", id);
    if (std::find(cluster.ippools.begin(), cluster.ippools.end(), id) == cluster.ippools.end()) {
      throw ApiError(400, code::kNotAvailable,
                     "IP pool " + std::to_string(id) + " is not available on cluster " +
                         std::to_string(cluster.id),
                     {{"property", "ipv4_pool"}, {"id", id}});
    }
    pools.push_back(static_cast<int>(id));
  }
  return pools;
}

// `ipv4_pool` in that order, or (absent or empty) the cluster's pools, lowest id first.
std::vector<int> GivenPools(Call& call, const Cluster& cluster) {
  if (!call.body.contains("ipv4_pool") || call.body["ipv4_pool"].empty()) return cluster.ippools;
  return CheckPools(call, call.body["ipv4_pool"], cluster);
}

std::vector<int> CheckRecipes(Call& call, const json& body) {
  std::vector<int> recipes;
  if (!body.contains("recipe_list")) return recipes;
  for (const auto& item : body["recipe_list"]) {
    int64_t id = item["recipe"].get<int64_t>();
    if (!simcommon::FindById(call.world().recipes, id))
      throw ReferenceNotFound("recipe_list", "Recipe", id);
    recipes.push_back(static_cast<int>(id));
  }
  return recipes;
}

ApiError NoFreeIp(const std::vector<int>& pools) {
  return ApiError(400, code::kNoFreeIp, "No free IP addresses in the IP pools", {{"pools", pools}});
}

// Takes `count` free addresses from `pools` in order (the next pool when one is full).
// Nothing is kept when there are not enough.
std::vector<int> TakeAddresses(World& world, const std::vector<int>& pools, int64_t count, int host,
                               bool attached, const std::string& domain) {
  std::vector<int> taken;
  size_t pool_index = 0;
  while (static_cast<int64_t>(taken.size()) < count) {
    std::optional<uint32_t> value;
    while (pool_index < pools.size() && !(value = world.FreeAddress(pools[pool_index])))
      ++pool_index;
    if (!value) {
      for (int id : taken) world.ips.erase(id);
      throw NoFreeIp(pools);
    }
    Ip ip{world.next_ip++, *value, pools[pool_index], host, attached, false, domain};
    world.ips.emplace(ip.id, ip);
    taken.push_back(ip.id);
  }
  return taken;
}

// custom_interfaces: [{ippool, ip_count}] takes from that pool, [{ip_name}] that very address.
std::vector<int> TakeInterfaces(Call& call, const Cluster& cluster, int host,
                                const std::string& domain) {
  World& world = call.world();
  std::vector<int> taken;
  try {
    const json& items = call.body["custom_interfaces"];
    for (size_t i = 0; i < items.size(); ++i) {
      const json& item = items[i];
      std::string prefix = "custom_interfaces[" + std::to_string(i) + "].";
      int64_t count = item.contains("ip_count") ? Int(item, "ip_count") : 1;
      if (count < 0) throw InvalidValue(prefix + "ip_count", "must be at least 0");
      if (item.contains("ip_name")) {
        if (item.contains("ippool")) ThrowUnexpected(prefix + "ippool");
        if (count != 1) throw InvalidValue(prefix + "ip_count", "must be 1 with ip_name");
        auto value = ParseIp(item["ip_name"]);
        if (!value) throw InvalidValue(prefix + "ip_name", "not an IPv4 address");
        int pool = 0;
        for (int id : cluster.ippools) {
          const IpPool* info = simcommon::FindById(world.ippools, id);
          if (info && *value >= info->first && *value <= info->last) pool = id;
        }
        if (!pool) throw InvalidValue(prefix + "ip_name", "not in an IP pool of the cluster");
        for (const auto& [id, ip] : world.ips) {
          if (ip.value == *value)
            throw ApiError(400, code::kNoFreeIp, "IP address " + IpText(*value) + " is taken",
                           {{"property", prefix + "ip_name"}});
        }
        Ip ip{world.next_ip++, *value, pool, host, true, false, domain};
        world.ips.emplace(ip.id, ip);
        taken.push_back(ip.id);
      } else if (item.contains("ippool")) {
        auto pools = CheckPools(call, json::array({item["ippool"]}), cluster);
        for (int id : TakeAddresses(world, pools, count, host, true, domain)) taken.push_back(id);
      } else {
        RequireMissing(item, (prefix + "ippool").c_str());
      }
    }
  } catch (...) {
    for (int id : taken) world.ips.erase(id);
    throw;
  }
  return taken;
}

json TaskReply(int id, const Task& task) { return {{"id", id}, {"task", task.consul_id}}; }

// recipe_run tasks, one per recipe, each after the one before (the first after `first`).
json StartRecipes(Core& core, int host_id, const std::vector<int>& recipes, int first) {
  json consul_ids = json::array();
  int previous = first;
  for (int recipe : recipes) {
    Task& task = core.NewTask("recipe_run", host_id);
    task.after = {previous};
    task.on_complete = [host_id, recipe](Core& c, Task&) {
      if (Host* host = FindHost(c, host_id)) host->recipes_run.push_back(recipe);
    };
    previous = task.consul_id;
    consul_ids.push_back(task.consul_id);
  }
  return consul_ids;
}

json WithRecipes(json reply, const json& recipe_tasks) {
  reply["recipe_task_list"] = recipe_tasks;
  reply["recipe_task"] = recipe_tasks.empty() ? json(nullptr) : recipe_tasks[0];
  return reply;
}

int PickNode(const World& world, int cluster) {
  int best = 0;
  long best_count = 0;
  for (const auto& [id, node] : world.nodes) {
    if (node.cluster != cluster) continue;
    long count = std::count_if(world.hosts.begin(), world.hosts.end(),
                               [&](const auto& host) { return host.second.node == id; });
    if (!best || count < best_count) {
      best = id;
      best_count = count;
    }
  }
  return best;
}

Reply CreateHost(Call& call) {
  call.RequireAdmin();
  call.Check(kCreate);
  const json& body = call.body;
  World& world = call.world();
  const Cluster* cluster = simcommon::FindById(world.clusters, Int(body, "cluster"));
  if (!cluster) throw ReferenceNotFound("cluster", "Cluster", Int(body, "cluster"));
  if (!simcommon::FindById(world.accounts, Int(body, "account")))
    throw ReferenceNotFound("account", "Account", Int(body, "account"));
  if (body.contains("image")) {
    if (body.contains("os")) ThrowUnexpected("image");
    throw ReferenceNotFound("image", "Image", Int(body, "image"));  // no images are simulated
  }
  RequireMissing(body, "os");
  int64_t cpu = 0, ram = 0, hdd = 0, net_in = 0, net_out = 0;
  std::optional<int> preset_id;
  if (body.contains("preset")) {
    for (const char* key : {"cpu_number", "ram_mib", "hdd_mib"}) {
      if (body.contains(key)) ThrowUnexpected(key);
    }
    const Preset* preset = simcommon::FindById(world.presets, Int(body, "preset"));
    if (!preset) throw ReferenceNotFound("preset", "Preset", Int(body, "preset"));
    preset_id = preset->id;
    cpu = preset->cpu_number;
    ram = preset->ram_mib;
    hdd = preset->hdd_mib;
    net_in = preset->net_in_mbitps;
    net_out = preset->net_out_mbitps;
  } else {
    for (const char* key : {"cpu_number", "ram_mib", "hdd_mib"}) RequireMissing(body, key);
    cpu = Int(body, "cpu_number");
    ram = Int(body, "ram_mib");
    hdd = Int(body, "hdd_mib");
  }
  if (body["name"].get<std::string>().empty()) throw InvalidValue("name", "must not be empty");
  CheckPassword(body);
  for (const char* key : {"cpu_number", "ram_mib", "hdd_mib"}) CheckAtLeast(body, key, 1);
  for (const char* key : {"net_in_mbitps", "net_out_mbitps", "net_bandwidth_mbitps", "ipv4_number"})
    CheckAtLeast(body, key, 0);
  CheckCpuMode(body);
  const Os& os = CheckOs(call, Int(body, "os"), *cluster);
  CheckMinimum("hdd_mib", hdd, os.hdd_mib_required, os);
  CheckMinimum("ram_mib", ram, os.min_ram_mib, os);
  int node = 0;
  if (body.contains("node")) {
    const Node* chosen = simcommon::FindById(world.nodes, Int(body, "node"));
    if (!chosen) throw ReferenceNotFound("node", "Node", Int(body, "node"));
    if (chosen->cluster != cluster->id) {
      throw ApiError(400, code::kNotAvailable,
                     "Node " + std::to_string(chosen->id) + " is not in cluster " +
                         std::to_string(cluster->id),
                     {{"property", "node"}, {"id", chosen->id}});
    }
    node = chosen->id;
  } else {
    node = PickNode(world, cluster->id);
    if (!node) throw ApiError(400, code::kNotAvailable, "Cluster has no node to place the host on");
  }
  std::vector<int> recipes = CheckRecipes(call, body);
  if (body.contains("custom_interfaces")) {
    for (const char* key : {"ipv4_number", "ipv4_pool"}) {
      if (body.contains(key)) ThrowUnexpected(key);
    }
  }
  std::vector<int> pools = GivenPools(call, *cluster);

  Host host;
  host.id = world.next_host;
  host.name = body["name"];
  host.domain = body.value("domain", "");
  host.comment = body.value("comment", "");
  std::vector<int> ips = body.contains("custom_interfaces")
                             ? TakeInterfaces(call, *cluster, host.id, host.domain)
                             : TakeAddresses(world, pools, body.value("ipv4_number", int64_t{1}),
                                             host.id, true, host.domain);
  world.next_host++;
  host.account = static_cast<int>(Int(body, "account"));
  host.cluster = cluster->id;
  host.node = node;
  host.state = "creating";
  host.os = os.id;
  host.preset = preset_id;
  host.cpu_number = cpu;
  host.ram_mib = ram;
  host.net_in_mbitps = body.value("net_in_mbitps", net_in);
  host.net_out_mbitps = body.value("net_out_mbitps", net_out);
  host.net_bandwidth_mbitps = body.value("net_bandwidth_mbitps", int64_t{0});
  host.cpu_mode = body.value("cpu_mode", "default");
  host.password = body["password"];
  host.ipv6_enabled = body.value("ipv6_enabled", false);
  host.ips = ips;
  Disk disk{world.next_disk++, host.id, hdd, std::nullopt};
  host.disk = disk.id;
  world.disks.emplace(disk.id, disk);
  int id = host.id;
  world.hosts.emplace(id, std::move(host));

  Task& create = call.core.NewTask("host_create", id);
  create.on_complete = [id](Core& core, Task& task) {
    if (Host* h = FindHost(core, id)) {
      h->state = "active";
      h->started_at = task.ended_at;
    }
  };
  create.on_fail = [id](Core& core, Task&) {
    if (Host* h = FindHost(core, id)) h->state = "stopped";
  };
  json recipe_tasks = StartRecipes(call.core, id, recipes, create.consul_id);
  return {200, WithRecipes(TaskReply(id, create), recipe_tasks)};
}

Reply Hosts(Call& call) {
  std::vector<json> rows;
  for (const auto& [id, host] : call.world().hosts) {
    if (call.IsAdmin() || host.account == call.caller->id)
      rows.push_back(HostRow(call.world(), host, call.Now()));
  }
  return {200, ListReply(rows, call.query)};
}

Reply OneHost(Call& call) {
  return {200, HostObject(call.world(), call.VisibleHost(call.Id()), call.Now())};
}

Reply HostIps(Call& call) {
  Host& host = call.VisibleHost(call.Id());
  std::vector<json> rows;
  for (int id : host.ips) {
    if (const Ip* ip = simcommon::FindById(call.world().ips, id))
      rows.push_back(IpRow(call.world(), *ip));
  }
  return {200, ListReply(rows, call.query)};
}

void MarkStarted(Core& core, int id, double when) {
  if (Host* h = FindHost(core, id)) {
    h->state = "active";
    h->started_at = when;
  }
}

Reply Start(Call& call) {
  Host& host = call.VisibleHost(call.Id());
  call.Check(kPower);
  RequireIdle(host);
  int id = host.id;
  Task& task = call.core.NewTask("host_start", id);
  task.on_complete = [id](Core& core, Task& t) { MarkStarted(core, id, t.ended_at); };
  if (host.state == "active") {
    task.on_complete = nullptr;
    call.core.FinishAtOnce(task);
  }
  return {200, TaskReply(id, task)};
}

Reply Stop(Call& call) {
  Host& host = call.VisibleHost(call.Id());
  call.Check(kPower);
  RequireIdle(host);
  int id = host.id;
  Task& task = call.core.NewTask("host_stop", id);
  task.on_complete = [id](Core& core, Task& t) {
    if (Host* h = FindHost(core, id)) h->state = "stopped";
    core.ReleaseDeferred(id, t.ended_at);
  };
  if (host.state == "stopped") {
    task.on_complete = nullptr;
    call.core.FinishAtOnce(task);
  }
  return {200, TaskReply(id, task)};
}

Reply Restart(Call& call) {
  Host& host = call.VisibleHost(call.Id());
  call.Check(kPower);
  RequireIdle(host);
  int id = host.id;
  Task& restart = call.core.NewTask("host_restart", id);
  Task& start = call.core.NewTask("host_start", id);
  start.after = {restart.consul_id};
  int start_consul = start.consul_id;
  restart.on_complete = [id, start_consul](Core& core, Task& t) {
    if (Host* h = FindHost(core, id)) h->state = "stopped";
    std::vector<int> released = core.ReleaseDeferred(id, t.ended_at);
    if (Task* next = core.TaskByConsul(start_consul))
      next->after.insert(next->after.end(), released.begin(), released.end());
  };
  start.on_complete = [id](Core& core, Task& t) { MarkStarted(core, id, t.ended_at); };
  json reply = TaskReply(id, restart);
  reply["start_task"] = start.consul_id;
  return {200, reply};
}

Reply ChangeOwner(Call& call) {
  call.RequireAdmin();
  Host& host = call.VisibleHost(call.Id());
  call.Check(kOwner);
  int64_t account = Int(call.body, "account");
  if (!simcommon::FindById(call.world().accounts, account))
    throw ReferenceNotFound("account", "Account", account);
  RequireIdle(host);
  int id = host.id;
  Task& task = call.core.NewTask("host_change_owner", id);
  task.on_complete = [id, account](Core& core, Task&) {
    if (Host* h = FindHost(core, id)) h->account = static_cast<int>(account);
  };
  return {200, TaskReply(id, task)};
}

Reply ChangeResources(Call& call) {
  call.RequireAdmin();
  Host& host = call.VisibleHost(call.Id());
  call.Check(kResource);
  const json body = call.body;
  CheckAtLeast(body, "cpu_number", 1);
  CheckAtLeast(body, "ram_mib", 1);
  for (const char* key : {"net_in_mbitps", "net_out_mbitps", "net_bandwidth_mbitps"})
    CheckAtLeast(body, key, 0);
  CheckCpuMode(body);
  CheckDefer(body);
  if (body.contains("ram_mib")) {
    if (const Os* os = simcommon::FindById(call.world().os, host.os))
      CheckMinimum("ram_mib", Int(body, "ram_mib"), os->min_ram_mib, *os);
  }
  RequireIdle(host);
  bool needs_stop =
      body.contains("cpu_number") || body.contains("ram_mib") || body.contains("cpu_mode");
  bool deferred = needs_stop && host.state == "active";
  if (deferred && !body.contains("defer")) {
    throw ApiError(400, code::kMustBeStopped,
                   "Host must be stopped to change CPU or RAM, or the change deferred "
                   "(defer.action host_stop)",
                   {{"id", host.id}});
  }
  int id = host.id;
  Task& task = call.core.NewTask("host_change_params", id);
  auto clear_new = [id, body](Core& core) {
    Host* h = FindHost(core, id);
    if (!h) return;
    if (body.contains("cpu_number") && h->cpu_number_new == Int(body, "cpu_number"))
      h->cpu_number_new.reset();
    if (body.contains("ram_mib") && h->ram_mib_new == Int(body, "ram_mib")) h->ram_mib_new.reset();
  };
  task.on_complete = [id, body, clear_new](Core& core, Task&) {
    Host* h = FindHost(core, id);
    if (!h) return;
    if (body.contains("cpu_number")) h->cpu_number = Int(body, "cpu_number");
    if (body.contains("ram_mib")) h->ram_mib = Int(body, "ram_mib");
    if (body.contains("cpu_mode")) h->cpu_mode = body["cpu_mode"];
    if (body.contains("net_in_mbitps")) h->net_in_mbitps = Int(body, "net_in_mbitps");
    if (body.contains("net_out_mbitps")) h->net_out_mbitps = Int(body, "net_out_mbitps");
    if (body.contains("net_bandwidth_mbitps"))
      h->net_bandwidth_mbitps = Int(body, "net_bandwidth_mbitps");
    clear_new(core);
  };
  task.on_fail = [clear_new](Core& core, Task&) { clear_new(core); };
  if (deferred) {
    call.core.Defer(task);
    if (body.contains("cpu_number")) host.cpu_number_new = Int(body, "cpu_number");
    if (body.contains("ram_mib")) host.ram_mib_new = Int(body, "ram_mib");
  }
  return {200, TaskReply(id, task)};
}

Reply ResizeDisk(Call& call) {
  call.RequireAdmin();
  int64_t disk_id = call.Id();
  Disk* disk = simcommon::FindById(call.world().disks, disk_id);
  if (!disk) throw InstanceNotFound(disk_id);
  Host& host = call.VisibleHost(disk->host);
  call.Check(kDisk);
  CheckDefer(call.body);
  int64_t size = Int(call.body, "size_mib");
  if (size < disk->size_mib) {
    throw ApiError(400, code::kDiskShrink,
                   "Disk size cannot be decreased (now " + std::to_string(disk->size_mib) + " MiB)",
                   {{"property", "size_mib"}, {"disk_mib", disk->size_mib}});
  }
  RequireIdle(host);
  bool deferred = host.state == "active";
  if (deferred && !call.body.contains("defer")) {
    throw ApiError(400, code::kMustBeStopped,
                   "Host must be stopped to resize its disk, or the change deferred "
                   "(defer.action host_stop)",
                   {{"id", host.id}});
  }
  int id = disk->id;
  Task& task = call.core.NewTask("disk_resize", host.id);
  auto clear_new = [id, size](Core& core) {
    Disk* d = simcommon::FindById(core.world.disks, id);
    if (d && d->size_mib_new == size) d->size_mib_new.reset();
  };
  task.on_complete = [id, size, clear_new](Core& core, Task&) {
    if (Disk* d = simcommon::FindById(core.world.disks, id)) d->size_mib = size;
    clear_new(core);
  };
  task.on_fail = [clear_new](Core& core, Task&) { clear_new(core); };
  if (deferred) {
    call.core.Defer(task);
    disk->size_mib_new = size;
  }
  return {200, TaskReply(id, task)};
}

Reply AddIps(Call& call) {
  call.RequireAdmin();
  Host& host = call.VisibleHost(call.Id());
  call.Check(kAddIp);
  CheckAtLeast(call.body, "ipv4_number", 1);
  const Cluster* cluster = simcommon::FindById(call.world().clusters, host.cluster);
  if (!cluster) throw ReferenceNotFound("cluster", "Cluster", host.cluster);
  std::vector<int> pools = GivenPools(call, *cluster);
  RequireIdle(host);
  int id = host.id;
  std::vector<int> reserved =
      TakeAddresses(call.world(), pools, Int(call.body, "ipv4_number"), id, false, host.domain);
  Task& task = call.core.NewTask("ip_change", id);
  task.on_complete = [id, reserved](Core& core, Task&) {
    Host* h = FindHost(core, id);
    for (int ip_id : reserved) {
      Ip* ip = simcommon::FindById(core.world.ips, ip_id);
      if (!ip) continue;
      if (!h) {
        core.world.ips.erase(ip_id);
        continue;
      }
      ip->attached = true;
      h->ips.push_back(ip_id);
    }
  };
  task.on_fail = [reserved](Core& core, Task&) {
    for (int ip_id : reserved) core.world.ips.erase(ip_id);
  };
  return {200, TaskReply(id, task)};
}

// The address's reverse DNS name (notes A13), shown as its `domain`; the notes show no task for it.
Reply SetPtr(Call& call) {
  call.RequireAdmin();
  int64_t ip_id = call.Id();
  Ip* ip = simcommon::FindById(call.world().ips, ip_id);
  if (!ip || !ip->attached) throw InstanceNotFound(ip_id);
  call.Check(kPtr);
  std::string domain = call.body["domain"];
  if (domain.empty()) throw InvalidValue("domain", "must not be empty");
  ip->domain = domain;
  return {200, {{"id", ip_id}}};
}

Reply DeleteIp(Call& call) {
  call.RequireAdmin();
  int64_t ip_id = call.Id();
  Ip* ip = simcommon::FindById(call.world().ips, ip_id);
  if (!ip || !ip->attached) throw InstanceNotFound(ip_id);
  Host& host = call.VisibleHost(ip->host);
  RequireIdle(host);
  long remaining = std::count_if(host.ips.begin(), host.ips.end(), [&](int id) {
    const Ip* other = simcommon::FindById(call.world().ips, id);
    return other && !other->deleting;
  });
  if (ip->deleting || remaining <= 1) {
    throw ApiError(400, code::kLastIp,
                   ip->deleting ? "IP address " + IpText(ip->value) + " is already being removed"
                                : "The last IP address of a host cannot be removed",
                   {{"id", ip_id}});
  }
  ip->deleting = true;
  int id = static_cast<int>(ip_id);
  Task& task = call.core.NewTask("ip_delete", host.id);
  task.on_complete = [id](Core& core, Task&) {
    Ip* address = simcommon::FindById(core.world.ips, id);
    if (!address) return;
    if (Host* h = FindHost(core, address->host))
      h->ips.erase(std::remove(h->ips.begin(), h->ips.end(), id), h->ips.end());
    core.world.ips.erase(id);
  };
  task.on_fail = [id](Core& core, Task&) {
    if (Ip* address = simcommon::FindById(core.world.ips, id)) address->deleting = false;
  };
  return {200, TaskReply(id, task)};
}

Reply Reinstall(Call& call) {
  Host& host = call.VisibleHost(call.Id());
  call.Check(kReinstall);
  const json& body = call.body;
  CheckPassword(body);
  const Cluster* cluster = simcommon::FindById(call.world().clusters, host.cluster);
  if (!cluster) throw ReferenceNotFound("cluster", "Cluster", host.cluster);
  const Os& os = CheckOs(call, Int(body, "os"), *cluster);
  if (const Disk* disk = simcommon::FindById(call.world().disks, host.disk))
    CheckMinimum("hdd_mib", disk->size_mib, os.hdd_mib_required, os);
  CheckMinimum("ram_mib", host.ram_mib, os.min_ram_mib, os);
  std::vector<int> recipes = CheckRecipes(call, body);
  RequireIdle(host);
  int id = host.id;
  int os_id = os.id;
  std::string password = body["password"];
  Task& task = call.core.NewTask("host_reinstall", id);
  host.busy_task = task.consul_id;
  task.on_complete = [id, os_id, password](Core& core, Task& t) {
    Host* h = FindHost(core, id);
    if (!h) return;
    h->os = os_id;
    h->password = password;
    h->recipes_run.clear();
    h->busy_task = 0;
    h->state = "active";
    h->started_at = t.ended_at;
  };
  task.on_fail = [id](Core& core, Task&) {
    if (Host* h = FindHost(core, id)) {
      h->busy_task = 0;
      h->state = "stopped";
    }
  };
  json recipe_tasks = StartRecipes(call.core, id, recipes, task.consul_id);
  return {200, WithRecipes(TaskReply(id, task), recipe_tasks)};
}

Reply ChangePassword(Call& call) {
  Host& host = call.VisibleHost(call.Id());
  call.Check(kPassword);
  CheckPassword(call.body);
  RequireIdle(host);
  int id = host.id;
  std::string password = call.body["password"];
  Task& task = call.core.NewTask("host_change_password", id);
  task.on_complete = [id, password](Core& core, Task&) {
    if (Host* h = FindHost(core, id)) h->password = password;
  };
  return {200, TaskReply(id, task)};
}

// The general fields change at once, without a task.
Reply EditHost(Call& call) {
  call.RequireAdmin();
  Host& host = call.VisibleHost(call.Id());
  call.Check(kEdit);
  RequireIdle(host);
  if (call.body.contains("name")) {
    std::string name = call.body["name"];
    if (name.empty()) throw InvalidValue("name", "must not be empty");
    host.name = name;
  }
  if (call.body.contains("comment")) host.comment = call.body["comment"];
  return {200, {{"id", host.id}}};
}

void RemoveHost(Core& core, int id) {
  Host* host = FindHost(core, id);
  if (!host) return;
  core.FailDeferred(id, "Host " + std::to_string(id) + " was deleted");
  World& world = core.world;
  for (auto it = world.ips.begin(); it != world.ips.end();) {
    it = it->second.host == id ? world.ips.erase(it) : std::next(it);
  }
  int disk = host->disk;
  for (auto& [schedule_id, schedule] : world.schedules) {
    schedule.hosts.erase(std::remove(schedule.hosts.begin(), schedule.hosts.end(), id),
                         schedule.hosts.end());
    schedule.disks.erase(std::remove(schedule.disks.begin(), schedule.disks.end(), disk),
                         schedule.disks.end());
  }
  world.disks.erase(disk);
  world.hosts.erase(id);
}

Reply DeleteHost(Call& call) {
  call.RequireAdmin();
  Host& host = call.VisibleHost(call.Id());
  RequireIdle(host);
  int id = host.id;
  host.state_before_delete = host.state;
  host.state = "deleting";
  Task& task = call.core.NewTask("host_delete", id);
  task.on_complete = [id](Core& core, Task&) { RemoveHost(core, id); };
  task.on_fail = [id](Core& core, Task&) {
    if (Host* h = FindHost(core, id)) h->state = h->state_before_delete;
  };
  return {200, TaskReply(id, task)};
}

}  // namespace

void AddHostRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/vm/v3/host", Hosts});
  routes.push_back({"POST", "/vm/v3/host", CreateHost});
  routes.push_back({"GET", "/vm/v3/host/{id}", OneHost});
  routes.push_back({"POST", "/vm/v3/host/{id}", EditHost});
  routes.push_back({"DELETE", "/vm/v3/host/{id}", DeleteHost});
  routes.push_back({"GET", "/vm/v3/host/{id}/ipv4", HostIps});
  routes.push_back({"POST", "/vm/v3/host/{id}/start", Start});
  routes.push_back({"POST", "/vm/v3/host/{id}/stop", Stop});
  routes.push_back({"POST", "/vm/v3/host/{id}/restart", Restart});
  routes.push_back({"POST", "/vm/v3/host/{id}/account", ChangeOwner});
  routes.push_back({"POST", "/vm/v3/host/{id}/resource", ChangeResources});
  routes.push_back({"POST", "/vm/v3/host/{id}/ip", AddIps});
  routes.push_back({"POST", "/vm/v3/host/{id}/reinstall", Reinstall});
  routes.push_back({"POST", "/vm/v3/host/{id}/password", ChangePassword});
  routes.push_back({"POST", "/vm/v3/disk/{id}", ResizeDisk});
  routes.push_back({"DELETE", "/vm/v3/ip/{id}", DeleteIp});
  routes.push_back({"POST", "/vm/v3/ip/{id}/ptr", SetPtr});
}

}  // namespace vm6sim
