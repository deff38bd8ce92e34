#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pvesim {

struct Node {
  std::string name;
  bool online = true;
  int cpus = 16;
  uint64_t memory = 0;  // bytes
  uint64_t rootfs = 0;  // bytes
  // While offline: why pveproxy cannot reach the node (the reason of its 595 answer) and the
  // simulated seconds it tries first.
  std::string unreachable = "Connection refused";
  double unreachable_after = 0;
  // Set while a node_offline fault holds the node down: since when, and the status it broadcast
  // last, which pmxcfs on the other nodes keeps for a while (rrd.h).
  std::optional<double> offline_since;
  nlohmann::json last_broadcast;
};

struct Storage {
  std::string id;
  std::string type;               // lvmthin | dir | nfs
  std::set<std::string> content;  // images, iso, vztmpl, backup, ...
  bool shared = false;
  std::vector<std::string> nodes;  // empty: available on every node
  uint64_t total = 0;              // bytes, per node for local storages
  std::string path;                // mount point of file storages
  std::string prune_backups;       // storage retention ("keep-last=3"), empty = none
  std::optional<int> max_protected_backups;

  bool AvailableOn(const std::string& node) const;
  bool Has(const std::string& content_type) const { return content.count(content_type) > 0; }
  bool IsFileBased() const { return type == "dir" || type == "nfs"; }
};

// A volume on a storage. Local storages keep one namespace per node, so the same volid can
// exist on pve1 and pve2.
struct Volume {
  std::string volid;    // "local-lvm:vm-100-disk-0"
  std::string node;     // owning node; empty on shared storages
  std::string content;  // images | iso | vztmpl | backup
  std::string format;   // raw | qcow2 | vma.zst | ...
  uint64_t size = 0;
  int vmid = 0;  // owner, 0 if none
  int64_t ctime = 0;
  std::string notes;
  bool is_protected = false;
  std::string parent;     // linked clones: the base volume name
  nlohmann::json backup;  // archives: {"config": {...}} as taken at backup time

  std::string Storage() const { return volid.substr(0, volid.find(':')); }
  std::string Name() const { return volid.substr(volid.find(':') + 1); }
};

using Config = std::map<std::string, std::string>;

// The nodes' time zone, as a fixed UTC offset (no daylight saving): vzdump names archives and
// groups prune buckets by local time, GET /nodes/{node}/time reports it. The host's zone is never
// used, so runs do not depend on the machine's TZ.
struct TimeZone {
  std::string name = "UTC";
  int64_t offset_seconds = 0;
};

struct Vm {
  int vmid = 0;
  std::string node;
  Config config;                               // current values, including "lock"
  Config pending;                              // [PENDING] values
  std::map<std::string, bool> pending_delete;  // key -> force
  bool running = false;
  bool backup_qemu = false;  // QEMU started paused by vzdump for a stopped VM
  double started_at = 0;     // simulated time of the last start
  std::string pool;

  std::optional<std::string> Lock() const;
  bool IsTemplate() const;
};

struct Token {
  std::string id;  // "bm"
  std::string secret;
  bool privsep = false;
  std::map<std::string, std::set<std::string>> acl;  // path -> privileges (privsep only)
  int64_t expire = 0;
};

struct User {
  std::string userid;  // "billing@pve"
  std::string password;
  bool enabled = true;
  std::map<std::string, std::set<std::string>> acl;  // path -> privileges, propagating
  std::map<std::string, Token> tokens;
};

struct State {
  std::string cluster_name = "sim";
  TimeZone timezone;  // one for every node
  std::vector<Node> nodes;
  std::vector<Storage> storages;
  std::map<int, Vm> vms;
  std::map<std::string, Volume> volumes;  // key: VolumeKey(node-or-empty, volid)
  std::map<std::string, User> users;
  std::set<std::string> pools;

  const Node* FindNode(const std::string& name) const;
  const Storage* FindStorage(const std::string& id) const;
  Vm* FindVm(int vmid);
  const Vm* FindVm(int vmid) const;

  // Volumes: `node` is the node asking; shared storages ignore it.
  Volume* FindVolume(const std::string& node, const std::string& volid);
  const Volume* FindVolume(const std::string& node, const std::string& volid) const;
  Volume& AddVolume(const std::string& node, Volume volume);
  void RemoveVolume(const std::string& node, const std::string& volid);
  std::vector<const Volume*> VolumesOn(const std::string& node, const std::string& storage) const;
  uint64_t UsedBytes(const std::string& node, const std::string& storage) const;
  // First free "vm-<vmid>-disk-<n>" name on a storage.
  std::string NextDiskName(const std::string& node, const std::string& storage, int vmid) const;
  int NextFreeVmid() const;

 private:
  std::string VolumeKey(const std::string& node, const std::string& volid) const;
};

// The config file text (sorted keys, [PENDING] section), its SHA-1 is PVE's digest.
std::string ConfigText(const Vm& vm);
std::string ConfigDigest(const Vm& vm);

}  // namespace pvesim
