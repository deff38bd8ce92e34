// Read-mostly lists: clusters, nodes, OS templates, repositories, presets, recipes, IP pools,
// backup locations; accounts (list and create).
#include <algorithm>

#include "vm6sim/api.h"
#include "vm6sim/views.h"
#include "vm6sim/where.h"

namespace vm6sim {

namespace {

using nlohmann::json;

Reply List(Call& call, const std::vector<json>& rows) { return {200, ListReply(rows, call.query)}; }

json ClusterRef(const World& world, int id) {
  const Cluster* cluster = simcommon::FindById(world.clusters, id);
  return {{"id", id}, {"name", cluster ? cluster->name : ""}};
}

std::string RepositoryName(const World& world, int id) {
  const Repository* repository = simcommon::FindById(world.repositories, id);
  return repository ? repository->name : "";
}

Reply Clusters(Call& call) {
  const World& world = call.world();
  std::vector<json> rows;
  for (const auto& [id, cluster] : world.clusters) {
    json pools = json::array();
    for (int pool : cluster.ippools) pools.push_back({{"id", pool}});
    auto nodes = std::count_if(world.nodes.begin(), world.nodes.end(),
                               [&](const auto& node) { return node.second.cluster == id; });
    auto hosts = std::count_if(world.hosts.begin(), world.hosts.end(),
                               [&](const auto& host) { return host.second.cluster == id; });
    rows.push_back({{"id", id},
                    {"name", cluster.name},
                    {"virtualization_type", "kvm"},
                    {"state", "active"},
                    {"ippools", pools},
                    {"node_count", nodes},
                    {"host_count", hosts},
                    {"time_zone", cluster.time_zone}});
  }
  return List(call, rows);
}

Reply Nodes(Call& call) {
  const World& world = call.world();
  std::vector<json> rows;
  for (const auto& [id, node] : world.nodes) {
    rows.push_back({{"id", id},
                    {"name", node.name},
                    {"cluster", ClusterRef(world, node.cluster)},
                    {"ip_addr", node.ip_addr},
                    {"state", "active"}});
  }
  return List(call, rows);
}

Reply OsList(Call& call) {
  const World& world = call.world();
  std::vector<json> rows;
  for (const auto& [id, os] : world.os) {
    json clusters = json::array();
    for (int cluster : os.clusters) clusters.push_back(ClusterRef(world, cluster));
    rows.push_back({{"id", id},
                    {"name", os.name},
                    {"repository", RepositoryName(world, os.repository)},
                    {"repository_id", os.repository},
                    {"state", "active"},
                    {"adminonly", os.adminonly},
                    {"clusters", clusters},
                    {"os_group", os.os_group},
                    {"hdd_mib_required", os.hdd_mib_required},
                    {"min_ram_mib", os.min_ram_mib},
                    {"tags", json::array()},
                    {"updated_at", os.updated_at}});
  }
  return List(call, rows);
}

Reply Repositories(Call& call) {
  std::vector<json> rows;
  for (const auto& [id, repository] : call.world().repositories) {
    rows.push_back({{"id", id},
                    {"name", repository.name},
                    {"url", repository.url},
                    {"state", "active"},
                    {"type", "os"}});
  }
  return List(call, rows);
}

Reply Presets(Call& call) {
  std::vector<json> rows;
  for (const auto& [id, preset] : call.world().presets) {
    rows.push_back({{"id", id},
                    {"name", preset.name},
                    {"cpu_number", preset.cpu_number},
                    {"ram_mib", preset.ram_mib},
                    {"hdd_mib", preset.hdd_mib},
                    {"net_in_mbitps", preset.net_in_mbitps},
                    {"net_out_mbitps", preset.net_out_mbitps}});
  }
  return List(call, rows);
}

Reply Recipes(Call& call) {
  const World& world = call.world();
  std::vector<json> rows;
  for (const auto& [id, recipe] : world.recipes) {
    rows.push_back({{"id", id},
                    {"name", recipe.name},
                    {"repository", RepositoryName(world, recipe.repository)},
                    {"tags", json::array()},
                    {"updated_at", recipe.updated_at}});
  }
  return List(call, rows);
}

Reply IpPools(Call& call) {
  const World& world = call.world();
  std::vector<json> rows;
  for (const auto& [id, pool] : world.ippools) {
    json clusters = json::array();
    for (int cluster : world.PoolClusters(id)) clusters.push_back(ClusterRef(world, cluster));
    rows.push_back({{"id", id},
                    {"name", pool.name},
                    {"total_ip", static_cast<int64_t>(pool.last) - pool.first + 1},
                    {"using_ip", world.UsedAddresses(id)},
                    {"clusters", clusters}});
  }
  return List(call, rows);
}

Reply BackupLocations(Call& call) {
  std::vector<json> rows;
  for (const auto& [id, location] : call.world().backup_locations) {
    rows.push_back({{"id", id}, {"name", location.name}, {"state", "active"}, {"type", "local"}});
  }
  return List(call, rows);
}

Reply Accounts(Call& call) {
  call.RequireAdmin();
  std::vector<json> rows;
  for (const auto& [id, account] : call.world().accounts)
    rows.push_back(AccountRow(call.world(), account));
  return List(call, rows);
}

Reply CreateAccount(Call& call) {
  static const Schema kSchema = {{"email", FieldType::kString, true},
                                 {"password", FieldType::kString, true},
                                 {"role", FieldType::kString, true}};
  call.RequireAdmin();
  call.Check(kSchema);
  std::string email = call.body["email"];
  std::string password = call.body["password"];
  std::string role = call.body["role"];
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == email.size() ||
      email.find(' ') != std::string::npos)
    throw InvalidValue("email", "not an e-mail address");
  if (password.size() < 8) throw InvalidValue("password", "at least 8 characters required");
  if (role != "@user" && role != "@admin" && role != "@advanced_user")
    throw InvalidValue("role", "must be one of @user, @admin, @advanced_user");
  World& world = call.world();
  for (const auto& [id, account] : world.accounts) {
    if (account.email == email)
      throw ApiError(400, code::kAccountExists, "Account with this email already exists",
                     {{"email", email}});
  }
  Account account{world.next_account++, email, password, {role}, "active"};
  world.accounts.emplace(account.id, account);
  return {201, {{"id", account.id}}};
}

}  // namespace

void AddCatalogueRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/vm/v3/cluster", Clusters});
  routes.push_back({"GET", "/vm/v3/node", Nodes});
  routes.push_back({"GET", "/vm/v3/os", OsList});
  routes.push_back({"GET", "/vm/v3/repository", Repositories});
  routes.push_back({"GET", "/vm/v3/preset", Presets});
  routes.push_back({"GET", "/vm/v3/recipe", Recipes});
  routes.push_back({"GET", "/vm/v3/ippool", IpPools});
  routes.push_back({"GET", "/vm/v3/backup_location", BackupLocations});
  routes.push_back({"GET", "/vm/v3/account", Accounts});
  routes.push_back({"POST", "/vm/v3/account", CreateAccount});
}

}  // namespace vm6sim
