#include "vm5sim/world.h"

#include <algorithm>

namespace vm5sim {

User* World::FindUserByName(const std::string& name) {
  for (auto& [id, user] : users) {
    if (user.name == name) return &user;
  }
  return nullptr;
}

const Template* World::FindTemplate(const std::string& id) const {
  for (const Template& item : templates) {
    if (item.Id() == id) return &item;
  }
  return nullptr;
}

bool World::InRange(uint32_t value) const {
  return std::any_of(ranges.begin(), ranges.end(), [value](const IpRange& range) {
    return value >= range.first && value <= range.last;
  });
}

const Ip* World::FindAddress(uint32_t value) const {
  for (const auto& [id, ip] : ips) {
    if (ip.value == value) return &ip;
  }
  return nullptr;
}

std::optional<uint32_t> World::FreeAddress() const {
  for (const IpRange& range : ranges) {
    for (uint64_t value = range.first; value <= range.last; ++value) {
      if (!FindAddress(static_cast<uint32_t>(value))) return static_cast<uint32_t>(value);
    }
  }
  return std::nullopt;
}

int World::AddAddress(int vm, uint32_t value) {
  Ip ip{next_ip++, value, vm};
  ips.emplace(ip.id, ip);
  vms.at(vm).ips.push_back(ip.id);
  return ip.id;
}

int World::VmCount(int node) const {
  return static_cast<int>(std::count_if(vms.begin(), vms.end(),
                                        [node](const auto& vm) { return vm.second.node == node; }));
}

int64_t World::MemUsed(int node) const {
  int64_t used = 0;
  for (const auto& [id, vm] : vms) {
    if (vm.node == node) used += vm.mem;
  }
  return used;
}

}  // namespace vm5sim
