// VMmanager 5 virtual machines (notes B3): the `vm` list, the `vm.edit` form that creates and
// edits them (`user` = owner, also for the pool's owner change, schema §3), and the list actions.
// Sizes are MiB, as the panel takes them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vmmanager5/api.h"

namespace pm::vmmanager5 {

struct Vm {
  long long id = 0;
  std::string name;
  std::string domain;
  std::string ip;
  long long owner = 0;  // the owning user's id (`uid`)
  long long mem_mib = 0;
  long long vcpu = 0;
  long long cputune = 0;
  long long vsize_mib = 0;
  std::string os;  // <repository>__<osname>
  std::string state;  // running, down
  bool blocked = false;
  bool installing = false;  // the `installos` or `installing` flag is up
  bool Running() const { return state == "running"; }
};

std::vector<Vm> ListVms(Api& api);
std::optional<Vm> FindVm(Api& api, long long id);

struct NewVm {
  std::string name;
  std::string domain;
  long long owner = 0;
  std::string password;
  std::string os;
  std::optional<long long> preset;  // when set, it decides memory, cores, weight and disk
  long long mem_mib = 0;
  long long vcpu = 0;
  long long cputune = 0;
  long long vsize_mib = 0;
  std::string node = "auto";
  std::string ip;  // the address the panel chose (IPmanager); empty: VMmanager picks one
  std::string recipe;
  std::string ssh_keys;
};

// Returns the new VM's id. A lost answer is LostAnswer: the VM may exist (look for its name).
long long CreateVm(Api& api, const NewVm& vm);

struct VmChange {
  std::optional<long long> mem_mib;
  std::optional<long long> vcpu;
  std::optional<long long> cputune;
  std::optional<long long> owner;
  std::optional<std::string> name;
  std::optional<std::string> domain;
  std::optional<bool> blocked;  // a blocked VM cannot be started by its owner
  bool Empty() const { return !mem_mib && !vcpu && !cputune && !owner && !name && !domain && !blocked; }
};

void EditVm(Api& api, long long id, const VmChange& change);
void StartVm(Api& api, long long id);
void StopVm(Api& api, long long id);
void RestartVm(Api& api, long long id);
void DeleteVm(Api& api, long long id);
void ReinstallVm(Api& api, long long id, const std::string& os, const std::string& password,
                 const std::string& recipe);
void ChangePassword(Api& api, long long id, const std::string& password);

}  // namespace pm::vmmanager5
