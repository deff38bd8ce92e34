// Cluster-wide discovery (notes §6): who runs where, which nodes are up, free VMIDs, version,
// a node's clock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "proxmox/api.h"

namespace pm::proxmox {

struct Guest {
  int vmid = 0;
  std::string node;
  std::string name;
  std::string status;  // running / stopped
  std::string lock;    // current config lock, empty when none
  bool is_template = false;
  std::uint64_t netin = 0;
  std::uint64_t netout = 0;
};

struct NodeInfo {
  std::string node;
  bool online = false;
  std::uint64_t maxmem = 0;
  std::uint64_t mem = 0;
};

std::vector<Guest> ListGuests(Api& api);  // QEMU guests only
// The QEMU guests for which `keep(vmid)` is true, from one listing read row by row: memory grows
// with the guests kept, not with the cluster.
std::vector<Guest> ListGuests(Api& api, const std::function<bool(int vmid)>& keep);
std::optional<Guest> FindGuest(Api& api, int vmid);
std::vector<NodeInfo> ListNodes(Api& api);
int NextFreeVmid(Api& api);
std::string Version(Api& api);

// A node's clock (GET /nodes/{node}/time). vzdump names archives and prune buckets by the
// node's local time (notes §16.1, §21), so schedules that must match those names use it.
struct NodeTime {
  std::int64_t time = 0;       // seconds since the epoch (UTC)
  std::int64_t localtime = 0;  // the same instant shifted by the node's UTC offset
  std::string timezone;        // "Europe/Moscow"
};
NodeTime GetNodeTime(Api& api, const std::string& node);

// Privileges the caller holds on `path` ("/" = the union over everything it can see).
std::set<std::string> PrivilegesOn(Api& api, const std::string& path);

}  // namespace pm::proxmox
