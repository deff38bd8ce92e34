#include "vmmanager6/hosts.h"

#include "vmmanager6/errors.h"
#include "vmmanager6/fields.h"

namespace pm::vmmanager6 {
namespace {

using nlohmann::json;

Host HostOf(const json& row) {
  Host host;
  host.id = Id(row, "id");
  host.name = Text(row, "name");
  host.domain = Text(row, "domain");
  host.state = Text(row, "state");
  host.comment = Text(row, "comment");
  if (row.contains("account") && row["account"].is_object()) host.account = Id(row["account"], "id");
  if (row.contains("cluster") && row["cluster"].is_object()) host.cluster = Id(row["cluster"], "id");
  if (row.contains("disk") && row["disk"].is_object()) {
    host.disk = Id(row["disk"], "id");
    host.disk_mib = OptId(row["disk"], "disk_mib").value_or(0);
    host.disk_mib_new = OptId(row["disk"], "disk_mib_new");
  }
  host.cpu_number = OptId(row, "cpu_number").value_or(0);
  host.ram_mib = OptId(row, "ram_mib").value_or(0);
  host.cpu_number_new = OptId(row, "cpu_number_new");
  host.ram_mib_new = OptId(row, "ram_mib_new");
  host.net_in_mbitps = OptId(row, "net_in_mbitps");
  host.net_out_mbitps = OptId(row, "net_out_mbitps");
  if (row.contains("ip4") && row["ip4"].is_array()) {
    for (const auto& ip : row["ip4"]) host.ips.push_back({OptId(ip, "id").value_or(0), Text(ip, "ip")});
  }
  return host;
}

Task TaskOf(const json& reply, const std::string& field, const std::string& name) {
  auto task = TaskIn(reply, field, name);
  if (!task) throw UnexpectedAnswer("VMmanager's answer names no " + name + " task");
  return *task;
}

std::string HostPath(long long id) { return "/vm/v3/host/" + std::to_string(id); }

json DeferTo(bool defer_to_stop) { return defer_to_stop ? json{{"action", "host_stop"}} : json(); }

}  // namespace

std::vector<Host> FindHosts(Api& api, const Where& where) {
  std::vector<Host> hosts;
  for (const auto& row : ListOf(api.Get("/vm/v3/host", where.Query()), "host")) hosts.push_back(HostOf(row));
  return hosts;
}

std::vector<Host> ListHosts(Api& api) {
  std::vector<Host> hosts;
  for (const auto& row : ListOf(api.Get("/vm/v3/host"), "host")) hosts.push_back(HostOf(row));
  return hosts;
}

std::optional<Host> FindHost(Api& api, long long id) {
  for (auto& host : FindHosts(api, Where::Eq("id", id))) {
    if (host.id == id) return host;
  }
  return std::nullopt;
}

json BodyOf(const NewHost& host) {
  json body = {{"name", host.name},         {"cluster", host.cluster}, {"account", host.account},
               {"password", host.password}, {"os", host.os},           {"ipv4_number", host.ipv4_number},
               {"comment", host.comment}};
  if (!host.domain.empty()) body["domain"] = host.domain;
  if (host.preset) {
    body["preset"] = *host.preset;
  } else {
    body["cpu_number"] = host.cpu_number;
    body["ram_mib"] = host.ram_mib;
    body["hdd_mib"] = host.hdd_mib;
  }
  if (!host.ipv4_pool.empty()) body["ipv4_pool"] = host.ipv4_pool;
  if (host.recipe) body["recipe_list"] = json::array({{{"recipe", *host.recipe}, {"recipe_params", json::array()}}});
  if (host.net_in_mbitps) body["net_in_mbitps"] = *host.net_in_mbitps;
  if (host.net_out_mbitps) body["net_out_mbitps"] = *host.net_out_mbitps;
  return body;
}

Creation CreateHost(Api& api, const NewHost& host) {
  json reply = api.Post("/vm/v3/host", BodyOf(host));
  return {Id(reply, "id"), TaskOf(reply, "task", "host_create"), TaskIn(reply, "recipe_task", "recipe_run")};
}

Task StartHost(Api& api, long long id) { return TaskOf(api.Post(HostPath(id) + "/start"), "task", "host_start"); }
Task StopHost(Api& api, long long id) { return TaskOf(api.Post(HostPath(id) + "/stop"), "task", "host_stop"); }
Task RestartHost(Api& api, long long id) {
  return TaskOf(api.Post(HostPath(id) + "/restart"), "start_task", "host_start");
}

Task ChangeOwner(Api& api, long long id, long long account) {
  return TaskOf(api.Post(HostPath(id) + "/account", {{"account", account}}), "task", "host_change_owner");
}

void EditHost(Api& api, long long id, const std::string& name, const std::string& comment) {
  api.Post(HostPath(id), {{"name", name}, {"comment", comment}});
}

Task ChangeResources(Api& api, long long id, const ResourceChange& change) {
  json body = json::object();
  if (change.cpu_number) body["cpu_number"] = *change.cpu_number;
  if (change.ram_mib) body["ram_mib"] = *change.ram_mib;
  if (change.net_in_mbitps) body["net_in_mbitps"] = *change.net_in_mbitps;
  if (change.net_out_mbitps) body["net_out_mbitps"] = *change.net_out_mbitps;
  if (change.defer_to_stop) body["defer"] = DeferTo(true);
  return TaskOf(api.Post(HostPath(id) + "/resource", body), "task", "host_change_params");
}

Task ResizeDisk(Api& api, long long disk, long long size_mib, bool defer_to_stop) {
  json body = {{"size_mib", size_mib}};
  if (defer_to_stop) body["defer"] = DeferTo(true);
  return TaskOf(api.Post("/vm/v3/disk/" + std::to_string(disk), body), "task", "disk_resize");
}

Task AddAddresses(Api& api, long long id, long long count, const std::vector<long long>& pools) {
  json body = {{"ipv4_number", count}};
  if (!pools.empty()) body["ipv4_pool"] = pools;
  return TaskOf(api.Post(HostPath(id) + "/ip", body), "task", "ip_change");
}

Task DeleteAddress(Api& api, long long address) {
  return TaskOf(api.Delete("/vm/v3/ip/" + std::to_string(address)), "task", "ip_delete");
}

void SetReverseName(Api& api, long long address, const std::string& domain) {
  api.Post("/vm/v3/ip/" + std::to_string(address) + "/ptr", {{"domain", domain}});
}

Task Reinstall(Api& api, long long id, long long os, const std::string& password, std::optional<long long> recipe) {
  json body = {{"os", os}, {"password", password}};
  if (recipe) body["recipe_list"] = json::array({{{"recipe", *recipe}, {"recipe_params", json::array()}}});
  return TaskOf(api.Post(HostPath(id) + "/reinstall", body), "task", "host_reinstall");
}

Task ChangePassword(Api& api, long long id, const std::string& password) {
  return TaskOf(api.Post(HostPath(id) + "/password", {{"password", password}}), "task", "host_change_password");
}

Task DeleteHost(Api& api, long long id) { return TaskOf(api.Delete(HostPath(id)), "task", "host_delete"); }

}  // namespace pm::vmmanager6
