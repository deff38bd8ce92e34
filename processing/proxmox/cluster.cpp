#include "proxmox/cluster.h"

#include "proxmox/errors.h"
#include "proxmox/fields.h"

namespace pm::proxmox {
namespace {

Guest GuestFrom(const nlohmann::json& row) {
  Guest guest;
  guest.vmid = static_cast<int>(NumberField(row, "vmid"));
  guest.node = TextField(row, "node");
  guest.name = TextField(row, "name");
  guest.status = TextField(row, "status");
  guest.lock = TextField(row, "lock");
  guest.is_template = NumberField(row, "template") != 0;
  guest.netin = static_cast<std::uint64_t>(NumberField(row, "netin"));
  guest.netout = static_cast<std::uint64_t>(NumberField(row, "netout"));
  return guest;
}

}  // namespace

std::vector<Guest> ListGuests(Api& api) {
  return ListGuests(api, [](int) { return true; });
}

std::vector<Guest> ListGuests(Api& api, const std::function<bool(int vmid)>& keep) {
  std::vector<Guest> guests;
  api.GetRows("/cluster/resources", {{"type", "vm"}}, [&](const nlohmann::json& row) {
    if (TextField(row, "type") != "qemu") return;
    if (keep(static_cast<int>(NumberField(row, "vmid")))) guests.push_back(GuestFrom(row));
  });
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
  for (const auto& row : Rows(api.Get("/cluster/resources", {{"type", "node"}}))) {
    NodeInfo node;
    node.node = TextField(row, "node");
    node.online = TextField(row, "status") == "online";
    node.maxmem = static_cast<std::uint64_t>(NumberField(row, "maxmem"));
    node.mem = static_cast<std::uint64_t>(NumberField(row, "mem"));
    nodes.push_back(node);
  }
  return nodes;
}

int NextFreeVmid(Api& api) {
  // PVE answers the id as a string; a number is read too. A VMID is 100 to 999999999.
  nlohmann::json row = {{"id", api.Get("/cluster/nextid")}};
  long long vmid = NumberField(row, "id");
  if (vmid < 100 || vmid > 999'999'999) throw UnexpectedAnswer("Proxmox offered no usable VMID: " + row["id"].dump());
  return static_cast<int>(vmid);
}

std::string Version(Api& api) { return TextField(Object(api.Get("/version")), "version"); }

NodeTime GetNodeTime(Api& api, const std::string& node) {
  auto answer = Object(api.Get("/nodes/" + node + "/time"));
  return {NumberField(answer, "time"), NumberField(answer, "localtime"), TextField(answer, "timezone")};
}

std::set<std::string> PrivilegesOn(Api& api, const std::string& path) {
  std::set<std::string> privileges;
  auto answer = Object(api.Get("/access/permissions", {{"path", path}}));
  for (const auto& [acl_path, privs] : answer.items()) {
    if (!privs.is_object()) continue;
    for (const auto& [priv, granted] : privs.items()) {
      if (!granted.is_number() || granted != 0) privileges.insert(priv);
    }
  }
  return privileges;
}

}  // namespace pm::proxmox
