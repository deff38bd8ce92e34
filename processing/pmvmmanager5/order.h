// What an `open` (or a reinstall) asks VMmanager 5 for, resolved from the service and checked
// before anything is created: the OS template (installed on a node), the tariff's preset or the
// paid resources, the recipe, the node and the address the panel chose.
#pragma once

#include <optional>
#include <string>

#include "core/module.h"
#include "vmmanager5/api.h"
#include "vmmanager5/catalog.h"
#include "vps/package.h"

namespace pm::pmvmmanager5 {

struct Order {
  std::string os;  // <repository>__<osname>
  std::optional<vmmanager5::Preset> preset;
  std::optional<vmmanager5::Recipe> recipe;
  vps::Package package;
  std::string node = "auto";  // `hostnode`: auto or a node id
  std::string ip;             // the panel's address (IPmanager); empty: VMmanager picks one
};

// The CPU weight (`cputune`) of `cores`: VMmanager's own presets give 1000 per core, so a
// service's share of a node's CPU grows with what it pays for.
long long CpuWeight(int cores);

// The checks that need no VMmanager: they run before a connection is opened. Error{missed|value}.
void CheckServiceInput(const core::Context& ctx);

// Error{missed|value} naming the field for anything unusable; reads only.
Order OrderFor(core::Context& ctx, vmmanager5::Api& api);

}  // namespace pm::pmvmmanager5
