#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "simcommon/find_by_id.h"
#include "simcommon/ipv4.h"

namespace vm5sim {

// COREmanager's access levels as the panel reports them in <auth level="…">: 16 is a client's
// user, 29 an administrator (anything from 29 up counts as one).
constexpr int kUserLevel = 16;
constexpr int kAdminLevel = 29;

struct User {
  int id = 0;
  std::string name;
  std::string password;
  int level = kUserLevel;
  bool enabled = true;  // off after user.suspend: no login, no authinfo

  bool IsAdmin() const { return level >= kAdminLevel; }
};

struct Node {
  int id = 0;
  std::string name;
  std::string ip;
  bool blocked = false;  // takes no new VMs
  int64_t mem_mib = 65536;
  int vmlimit = 0;  // 0: no limit
};

// An OS template: `<repo>__<osname>` is its id everywhere (osmgr, vm.edit vmi, vm osname).
struct Template {
  std::string repo;
  std::string osname;
  int64_t mindisk_mib = 0;
  std::vector<int> nodes;  // the nodes it is installed on; none: listed but not usable

  std::string Id() const { return repo + "__" + osname; }
};

struct Preset {
  int id = 0;
  std::string name;
  int64_t mem = 1024;
  int64_t vcpu = 1;
  int64_t vsize = 10240;
  int64_t cputune = 1000;
};

struct Recipe {
  int id = 0;
  std::string name;
};

struct IpRange {
  uint32_t first = 0;  // host-order IPv4 addresses
  uint32_t last = 0;
};

struct Ip {
  int id = 0;
  uint32_t value = 0;
  int vm = 0;
};

struct Vm {
  int id = 0;
  std::string name;
  std::string domain;
  int user = 0;
  int64_t mem = 1024;
  int64_t vcpu = 1;
  int64_t cputune = 1000;
  int64_t vsize = 10240;
  std::string osname;  // the template id
  int node = 0;
  std::string state = "running";  // running | down
  bool blocked = false;
  bool osinstalled = true;
  std::string password;
  std::string sshpubkey;
  int recipe = 0;        // 0: none
  std::vector<int> ips;  // address ids, the primary one first

  // An OS install under way: the `installos`/`installing` flags show while it lasts.
  bool installing = false;
  double install_ends = 0;    // simulated time
  bool install_hang = false;  // an install_hang fault: it ends once the faults are cleared
  bool install_fail = false;  // an install_fail fault: it ends without the OS
  // A power action under way: the state becomes `pending_state` at `pending_at`.
  std::optional<std::string> pending_state;
  double pending_at = 0;
};

// The panel's objects; maps keep them in id order, the order lists answer in.
struct World {
  std::map<int, User> users;
  std::map<int, Node> nodes;
  std::vector<Template> templates;
  std::map<int, Preset> presets;
  std::map<int, Recipe> recipes;
  std::vector<IpRange> ranges;
  std::map<int, Ip> ips;
  std::map<int, Vm> vms;

  int next_user = 1;
  int next_vm = 101;
  int next_ip = 1001;

  double session_ttl = 3600;     // clock seconds a session survives without calls
  double install_seconds = 120;  // simulated seconds an OS install takes (× time scale)
  double power_seconds = 5;      // simulated seconds a start/stop/restart takes (× time scale)

  User* FindUserByName(const std::string& name);
  const Template* FindTemplate(const std::string& id) const;
  bool InRange(uint32_t value) const;
  const Ip* FindAddress(uint32_t value) const;
  // Lowest free address of the ranges in their order; nullopt when all are taken.
  std::optional<uint32_t> FreeAddress() const;
  int AddAddress(int vm, uint32_t value);
  int VmCount(int node) const;
  int64_t MemUsed(int node) const;
};

using simcommon::IpText;
using simcommon::ParseIp;

}  // namespace vm5sim
