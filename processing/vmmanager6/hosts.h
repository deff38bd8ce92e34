// VMmanager 6 hosts (VMs): reading them, creating them and every action on one (notes A6–A14).
// Request bodies are built from typed structs, so that only properties the endpoint knows are
// sent: the platform refuses any other with PROXY-3008 (notes C3.3).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vmmanager6/api.h"
#include "vmmanager6/tasks.h"
#include "vmmanager6/where.h"

namespace pm::vmmanager6 {

struct HostIp {
  long long id = 0;
  std::string ip;
};

struct Host {
  long long id = 0;
  std::string name;
  std::string domain;
  std::string state;  // creating, active (running), stopped, …
  std::string comment;
  long long account = 0;
  long long cluster = 0;
  long long disk = 0;  // the system disk's id
  long long disk_mib = 0;
  long long cpu_number = 0;
  long long ram_mib = 0;
  // Values of changes deferred to the host's next stop (notes A7: *_new), what it will have then.
  std::optional<long long> disk_mib_new;
  std::optional<long long> cpu_number_new;
  std::optional<long long> ram_mib_new;
  std::optional<long long> net_in_mbitps;
  std::optional<long long> net_out_mbitps;
  std::vector<HostIp> ips;
  bool Running() const { return state == "active"; }
  bool AwaitsStop() const { return cpu_number_new || ram_mib_new || disk_mib_new; }  // deferred changes
};

// Hosts matching `where`, read from the list, which unlike GET /host/{id} carries the host's
// account, disk and addresses (notes A4).
std::vector<Host> FindHosts(Api& api, const Where& where);
// Every host the account may see (no filter: a server-side filter on nested cluster ids was
// reported to answer 500, notes C3.11).
std::vector<Host> ListHosts(Api& api);
std::optional<Host> FindHost(Api& api, long long id);

struct NewHost {
  std::string name;
  long long cluster = 0;
  long long account = 0;
  std::string password;
  std::string domain;
  std::string comment;
  long long os = 0;
  std::optional<long long> preset;  // when set, it decides cores, RAM and disk
  long long cpu_number = 0;
  long long ram_mib = 0;
  long long hdd_mib = 0;
  long long ipv4_number = 1;
  std::vector<long long> ipv4_pool;  // empty = the cluster's pools
  std::optional<long long> recipe;
  std::optional<long long> net_in_mbitps;
  std::optional<long long> net_out_mbitps;
};

nlohmann::json BodyOf(const NewHost& host);

struct Creation {
  long long id = 0;
  Task task;
  std::optional<Task> recipe;
};

Creation CreateHost(Api& api, const NewHost& host);

Task StartHost(Api& api, long long id);
Task StopHost(Api& api, long long id);
// Restart answers its own task and `start_task`; the host is up when the latter is complete.
Task RestartHost(Api& api, long long id);
Task ChangeOwner(Api& api, long long id, long long account);
// POST /host/{id} {name, comment}: the general fields, changed at once (notes A12).
void EditHost(Api& api, long long id, const std::string& name, const std::string& comment);

struct ResourceChange {
  std::optional<long long> cpu_number;
  std::optional<long long> ram_mib;
  std::optional<long long> net_in_mbitps;
  std::optional<long long> net_out_mbitps;
  bool defer_to_stop = false;  // a running host takes the change when it next stops
  bool Empty() const { return !cpu_number && !ram_mib && !net_in_mbitps && !net_out_mbitps; }
};

Task ChangeResources(Api& api, long long id, const ResourceChange& change);
Task ResizeDisk(Api& api, long long disk, long long size_mib, bool defer_to_stop);
Task AddAddresses(Api& api, long long id, long long count, const std::vector<long long>& pools);
Task DeleteAddress(Api& api, long long address);
// POST /ip/{id}/ptr {domain}: the address's reverse DNS name, changed at once (notes A13).
void SetReverseName(Api& api, long long address, const std::string& domain);
Task Reinstall(Api& api, long long id, long long os, const std::string& password, std::optional<long long> recipe);
Task ChangePassword(Api& api, long long id, const std::string& password);
Task DeleteHost(Api& api, long long id);

}  // namespace pm::vmmanager6
