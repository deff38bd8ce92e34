#include "proxmox/cluster.h"

namespace pm::proxmox {
namespace {

// VMIDs and counters arrive as numbers from PVE but as strings from some proxies.
long long Number(const nlohmann::json& row, const char* key) {
  if (!row.contains(key)) return 0;
  const auto& value = row[key];
  if (value.is_number()) return value.get<long long>();
  if (value.is_string()) {
    try {
      return std::stoll(value.get<std::string>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

std::string Text(const nlohmann::json& row, const char* key) {
  return row.contains(key) && row[key].is_string() ? row[key].get<std::string>() : "";
}

Guest GuestFrom(const nlohmann::json& row) {
  Guest guest;
  guest.vmid = static_cast<int>(Number(row, "vmid"));
  guest.node = Text(row, "node");
  guest.name = Text(row, "name");
  guest.status = Text(row, "status");
  guest.lock = Text(row, "lock");
  guest.is_template = Number(row, "template") != 0;
  guest.netin = static_cast<std::uint64_t>(Number(row, "netin"));
  guest.netout = static_cast<std::uint64_t>(Number(row, "netout"));
  return guest;
}

}  // namespace

std::vector<Guest> ListGuests(Api& api) {
  std::vector<Guest> guests;
  for (const auto& row : api.Get("/cluster/resources", {{"type", "vm"}})) {
    if (Text(row, "type") == "qemu") guests.push_back(GuestFrom(row));
  }
  return guests;
}

std::optional<Guest> FindGuest(Api& api, int vmid) {
  for (auto& guest : ListGuests(api)) {
    if (guest.vmid == vmid) return guest;
  }
  return std::nullopt;
}

std::vector<NodeInfo> ListNodes(Api& api) {
  std::vector<NodeInfo> nodes;
  for (const auto& row : api.Get("/cluster/resources", {{"type", "node"}})) {
    NodeInfo node;
    node.node = Text(row, "node");
    node.online = Text(row, "status") == "online";
    node.maxmem = static_cast<std::uint64_t>(Number(row, "maxmem"));
    node.mem = static_cast<std::uint64_t>(Number(row, "mem"));
    nodes.push_back(node);
  }
  return nodes;
}

int NextFreeVmid(Api& api) {
  auto answer = api.Get("/cluster/nextid");
  return answer.is_string() ? std::stoi(answer.get<std::string>()) : answer.get<int>();
}

std::string Version(Api& api) { return api.Get("/version").value("version", ""); }

std::set<std::string> PrivilegesOn(Api& api, const std::string& path) {
  std::set<std::string> privileges;
  auto answer = api.Get("/access/permissions", {{"path", path}});
  for (const auto& [acl_path, privs] : answer.items()) {
    if (!privs.is_object()) continue;
    for (const auto& [priv, granted] : privs.items()) {
      if (!granted.is_number() || granted.get<int>() != 0) privileges.insert(priv);
    }
  }
  return privileges;
}

}  // namespace pm::proxmox
