// /version, /access, /cluster and the node list.
#include <algorithm>

#include "pvesim/api_error.h"
#include "pvesim/handlers.h"
#include "pvesim/rrd.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {

constexpr const char* kVersion = "9.1.9";
constexpr const char* kRepoId = "5b1e0c3a";

// compute_api_permission, grouped the way the GUI reads it.
nlohmann::json Capabilities(const State& state, const std::string& user) {
  static const std::vector<std::pair<const char*, std::vector<const char*>>> kGroups = {
      {"vms", {"VM.", "Permissions.Modify"}},
      {"storage", {"Datastore.", "Permissions.Modify"}},
      {"nodes", {"Sys.", "Permissions.Modify"}},
      {"access", {"User.", "Group.", "Realm.", "Permissions.Modify"}},
      {"dc", {"Sys.Audit", "Sys.Modify", "SDN.", "Pool.", "Mapping."}},
      {"sdn", {"SDN.", "Permissions.Modify"}},
      {"mapping", {"Mapping.", "Permissions.Modify"}}};
  nlohmann::json cap = nlohmann::json::object();
  std::set<std::string> privs = Privileges(state, user, "/");
  for (const auto& [group, prefixes] : kGroups) {
    cap[group] = nlohmann::json::object();
    for (const std::string& priv : privs) {
      for (const char* prefix : prefixes) {
        if (priv.rfind(prefix, 0) == 0) cap[group][priv] = 1;
      }
    }
  }
  return cap;
}

nlohmann::json PrivilegeMap(const std::set<std::string>& privs) {
  nlohmann::json out = nlohmann::json::object();
  for (const std::string& priv : privs) out[priv] = 1;
  return out;
}

std::string ContentList(const Storage& storage) {
  return Join(std::vector<std::string>(storage.content.begin(), storage.content.end()), ",");
}

// PVE::API2Tools::extract_node_stats: every cluster node, usage only for those with Sys.Audit;
// the status follows the cluster membership, the figures the node's RRD data.
nlohmann::json NodeRow(const SimCore& core, const Node& node, bool can_audit) {
  nlohmann::json row = {
      {"id", "node/" + node.name}, {"type", "node"}, {"node", node.name}, {"status", "unknown"}};
  if (auto rrd = NodeRrd(core, node)) {
    if (node.online) {
      if (can_audit) {
        for (const char* key : {"uptime", "cpu", "mem", "disk"}) row[key] = rrd->at(key);
      }
      row["status"] = "online";
    }
    row["level"] = rrd->at("level");
    if (can_audit) {
      for (const char* key : {"maxcpu", "maxmem", "maxdisk"}) row[key] = rrd->at(key);
    }
  }
  if (!node.online) row["status"] = "offline";
  return row;
}

// extract_storage_stats.
nlohmann::json StorageRow(const SimCore& core, const Storage& storage, const Node& node) {
  nlohmann::json row = {{"id", "storage/" + node.name + "/" + storage.id},
                        {"type", "storage"},
                        {"storage", storage.id},
                        {"node", node.name},
                        {"status", "unknown"},
                        {"plugintype", storage.type},
                        {"content", ContentList(storage)},
                        {"shared", storage.shared ? 1 : 0}};
  if (auto rrd = StorageRrd(core, storage, node)) {
    row.update(*rrd);
    row["status"] = "available";
  }
  return row;
}

// extract_vm_stats, then lock and tags from the guest's configuration, which pmxcfs holds
// whether or not its node is up.
nlohmann::json GuestRow(const SimCore& core, const Vm& vm) {
  nlohmann::json row = {{"id", "qemu/" + std::to_string(vm.vmid)},
                        {"vmid", vm.vmid},
                        {"node", vm.node},
                        {"type", "qemu"},
                        {"status", "unknown"}};
  if (auto rrd = GuestRrd(core, vm)) row.update(*rrd);
  if (auto lock = vm.Lock()) row["lock"] = *lock;
  if (vm.config.count("tags")) row["tags"] = vm.config.at("tags");
  if (!vm.pool.empty()) row["pool"] = vm.pool;
  return row;
}

}  // namespace

nlohmann::json GetVersion(Call&) {
  return {{"version", kVersion}, {"release", "9.1"}, {"repoid", kRepoId}};
}

nlohmann::json CreateTicket(Call& call) {
  State& state = call.core.state;
  std::string username = call.Get("username");
  if (call.Has("realm")) username += "@" + call.Get("realm");
  std::string password = call.Get("password");
  int64_t now = call.core.clock.NowSeconds();
  bool valid = false;
  if (UserEnabled(state, username) && !call.Has("tfa-challenge")) {
    // A still valid ticket of the same user renews it (root may renew anyone's).
    auto ticket_user = call.core.signer.VerifyTicket(password, now);
    valid = (ticket_user && (*ticket_user == username || *ticket_user == "root@pam")) ||
            CheckPassword(state, username, password);
  }
  if (!valid) throw ApiError(401, "authentication failure");
  nlohmann::json out = {{"username", username},
                        {"ticket", call.core.signer.IssueTicket(username, now)},
                        {"CSRFPreventionToken", call.core.signer.IssueCsrfToken(username, now)},
                        {"cap", Capabilities(state, username)}};
  if (HasPrivilege(state, username, "/", "Sys.Audit")) out["clustername"] = state.cluster_name;
  return out;
}

nlohmann::json GetPermissions(Call& call) {
  std::string target = call.Get("userid", call.user);
  bool own = target == call.user || target.rfind(call.user + "!", 0) == 0;
  if (!own) call.Require("/access", "Sys.Audit");
  if (call.Has("path")) {
    std::string path = call.Get("path");
    return {{path, PrivilegeMap(Privileges(call.core.state, target, path))}};
  }
  nlohmann::json out = nlohmann::json::object();
  std::string userid = target.substr(0, target.find('!'));
  auto user = call.core.state.users.find(userid);
  std::set<std::string> paths = {"/"};
  if (user != call.core.state.users.end()) {
    for (const auto& [path, privs] : user->second.acl) paths.insert(path);
  }
  for (const std::string& path : paths) {
    out[path] = PrivilegeMap(Privileges(call.core.state, target, path));
  }
  return out;
}

nlohmann::json GetClusterResources(Call& call) {
  std::string type = call.Get("type");
  const State& state = call.core.state;
  nlohmann::json rows = nlohmann::json::array();
  if (type.empty() || type == "vm") {
    for (const auto& [vmid, vm] : state.vms) {
      if (call.Can("/vms/" + std::to_string(vmid), "VM.Audit"))
        rows.push_back(GuestRow(call.core, vm));
    }
  }
  if (type.empty() || type == "node") {
    for (const Node& node : state.nodes) {
      rows.push_back(NodeRow(call.core, node, call.Can("/nodes/" + node.name, "Sys.Audit")));
    }
  }
  if (type.empty() || type == "storage") {
    for (const Storage& storage : state.storages) {
      if (!call.Can("/storage/" + storage.id, "Datastore.Audit")) continue;
      for (const Node& node : state.nodes) {
        if (storage.AvailableOn(node.name)) rows.push_back(StorageRow(call.core, storage, node));
      }
    }
  }
  return rows;
}

nlohmann::json GetNextId(Call& call) {
  // PVE returns the id as a string (Perl stringifies it as a hash key first).
  if (call.Has("vmid")) {
    int vmid = call.Vmid();
    if (call.core.state.vms.count(vmid)) {
      throw ParamError("vmid", "VM " + std::to_string(vmid) + " already exists");
    }
    return std::to_string(vmid);
  }
  return std::to_string(call.core.state.NextFreeVmid());
}

nlohmann::json ListNodes(Call& call) {
  nlohmann::json rows = nlohmann::json::array();
  for (const Node& node : call.core.state.nodes) {
    nlohmann::json row = NodeRow(call.core, node, call.Can("/nodes/" + node.name, "Sys.Audit"));
    row["ssl_fingerprint"] = call.core.fingerprint;  // read from /etc/pve, even for offline nodes
    rows.push_back(row);
  }
  return rows;
}

nlohmann::json GetNodeStatus(Call& call) {
  const Node& node = *call.core.state.FindNode(call.Node());
  uint64_t used = node.memory / 4;
  return {{"cpu", 0.031},
          {"wait", 0.0008},
          {"uptime", 86400 + static_cast<int64_t>(call.core.clock.Now()) % 86400},
          {"loadavg", {"0.42", "0.38", "0.35"}},
          {"cpuinfo",
           {{"cpus", node.cpus},
            {"cores", node.cpus / 2},
            {"sockets", 1},
            {"model", "Simulated CPU @ 3.00GHz"},
            {"mhz", "3000.000"},
            {"hvm", "1"}}},
          {"memory",
           {{"total", node.memory},
            {"used", used},
            {"free", node.memory - used},
            {"available", node.memory - used}}},
          {"rootfs",
           {{"total", node.rootfs},
            {"used", node.rootfs / 5},
            {"free", node.rootfs - node.rootfs / 5},
            {"avail", node.rootfs - node.rootfs / 5}}},
          {"pveversion", std::string("pve-manager/") + kVersion + "/" + kRepoId},
          {"kversion", "Linux 6.14.8-2-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2"},
          {"current-kernel",
           {{"sysname", "Linux"},
            {"release", "6.14.8-2-pve"},
            {"machine", "x86_64"},
            {"version", "#1 SMP PREEMPT_DYNAMIC"}}},
          {"boot-info", {{"mode", "efi"}, {"secureboot", 0}}}};
}

// PVE::API2::Nodes::time: localtime is timegm(localtime(time)), the epoch shifted by the offset.
nlohmann::json GetNodeTime(Call& call) {
  const TimeZone& zone = call.core.state.timezone;
  int64_t now = call.core.clock.NowSeconds();
  return {{"timezone", zone.name}, {"time", now}, {"localtime", now + zone.offset_seconds}};
}

}  // namespace pvesim
