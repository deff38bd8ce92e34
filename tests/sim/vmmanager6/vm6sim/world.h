#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "simcommon/find_by_id.h"
#include "simcommon/ipv4.h"

namespace vm6sim {

struct Account {
  int id = 0;
  std::string email;
  std::string password;
  std::vector<std::string> roles;
  std::string state = "active";

  bool IsAdmin() const;
};

struct Cluster {
  int id = 0;
  std::string name;
  std::vector<int> ippools;  // in the order IPs are taken: lowest id first
  std::string time_zone = "UTC";
};

struct Node {
  int id = 0;
  std::string name;
  int cluster = 0;
  std::string ip_addr;
};

struct IpPool {
  int id = 0;
  std::string name;
  uint32_t first = 0;  // IPv4 addresses as host-order integers
  uint32_t last = 0;
  std::string gateway;
  std::string mask;
};

// One IPv4 address taken from a pool: attached to its host, or reserved by a running ip_change.
struct Ip {
  int id = 0;
  uint32_t value = 0;
  int pool = 0;
  int host = 0;
  bool attached = false;
  bool deleting = false;  // an ip_delete task runs for it
  std::string domain;
};

struct Repository {
  int id = 0;
  std::string name;
  std::string url;
};

struct Os {
  int id = 0;
  std::string name;
  int repository = 0;
  int64_t hdd_mib_required = 0;
  int64_t min_ram_mib = 0;
  bool adminonly = false;
  std::vector<int> clusters;
  std::string os_group;
  std::string updated_at;
};

struct Preset {
  int id = 0;
  std::string name;
  int64_t cpu_number = 1;
  int64_t ram_mib = 1024;
  int64_t hdd_mib = 10240;
  int64_t net_in_mbitps = 0;
  int64_t net_out_mbitps = 0;
};

struct Recipe {
  int id = 0;
  std::string name;
  int repository = 0;
  std::string updated_at;
};

struct BackupLocation {
  int id = 0;
  std::string name;
};

struct StartTime {
  std::optional<int64_t> day;       // 1-31, monthly schedules
  std::optional<int64_t> week_day;  // 1 = Monday ... 7 = Sunday, weekly schedules
  int64_t hour = 0;
  int64_t minute = 0;
};

struct Schedule {
  int id = 0;
  std::string name;
  std::string comment;
  std::string backup_mode = "full";
  std::string type = "daily";
  int64_t limit_count = 3;
  int64_t limit_size_mib = 0;
  StartTime start_time;
  std::vector<int> backup_locations, clusters, presets, nodes, hosts, disks;
};

struct Disk {
  int id = 0;
  int host = 0;
  int64_t size_mib = 0;
  std::optional<int64_t> size_mib_new;  // a deferred disk_resize waits for the host to stop
};

struct Host {
  int id = 0;
  std::string name;
  std::string domain;
  std::string comment;
  int account = 0;
  int cluster = 0;
  int node = 0;
  std::string state;  // creating | active | stopped | deleting
  int os = 0;
  std::optional<int> preset;
  int64_t cpu_number = 1;
  int64_t ram_mib = 1024;
  std::optional<int64_t> cpu_number_new;  // a deferred host_change_params waits for a stop
  std::optional<int64_t> ram_mib_new;
  int64_t net_in_mbitps = 0;
  int64_t net_out_mbitps = 0;
  int64_t net_bandwidth_mbitps = 0;
  std::string cpu_mode = "default";
  std::string password;
  bool ipv6_enabled = false;
  int disk = 0;
  std::vector<int> ips;   // attached addresses, in the order they were given
  double started_at = 0;  // simulated time it last became active (uptime)
  int busy_task = 0;      // consul id of a running host_reinstall
  std::string state_before_delete;
  std::vector<int> recipes_run;  // recipe ids whose recipe_run completed
};

// The platform's objects. Maps keep them in id order, which is the order lists answer in.
struct World {
  std::map<int, Account> accounts;
  std::map<int, Cluster> clusters;
  std::map<int, Node> nodes;
  std::map<int, IpPool> ippools;
  std::map<int, Ip> ips;
  std::map<int, Repository> repositories;
  std::map<int, Os> os;
  std::map<int, Preset> presets;
  std::map<int, Recipe> recipes;
  std::map<int, BackupLocation> backup_locations;
  std::map<int, Schedule> schedules;
  std::map<int, Disk> disks;
  std::map<int, Host> hosts;

  int next_account = 1;
  int next_host = 1;
  int next_disk = 101;
  int next_ip = 1001;
  int next_schedule = 1;

  double token_ttl = 3600;        // seconds of inactivity a token survives (clock time)
  double key_ttl = 3600;          // a login key's lifetime (clock time)
  double task_visible_delay = 0;  // simulated seconds before a task row is listed
  std::map<std::string, double> task_durations;  // simulated seconds per task name

  Account* FindAccountByEmail(const std::string& email);
  double TaskDuration(const std::string& name) const;

  // Lowest free address of a pool, nullopt when it is full.
  std::optional<uint32_t> FreeAddress(int pool) const;
  int UsedAddresses(int pool) const;
  // The clusters a pool serves (those listing it in their ippools).
  std::vector<int> PoolClusters(int pool) const;
};

// Default simulated durations (seconds) of the tasks, by name.
const std::map<std::string, double>& DefaultTaskDurations();

using simcommon::IpText;
using simcommon::ParseIp;
// "YYYY-MM-DD HH:MM:SS" in UTC, as the platform writes dates.
std::string FormatDate(double epoch_seconds);

}  // namespace vm6sim
