// What an `open` (or a reinstall) asks VMmanager for, resolved from the service and checked
// before anything is created: the OS by its published internal name, the tariff's preset, the
// recipe, the disk against the OS's minimum, the address pools.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/module.h"
#include "vmmanager6/api.h"
#include "vmmanager6/catalog.h"
#include "vps/package.h"

namespace pm::pmvmmanager6 {

struct Order {
  vmmanager6::Os os;
  std::optional<vmmanager6::Preset> preset;
  std::optional<vmmanager6::Recipe> recipe;
  vps::Package package;
  long long addresses = 1;
  std::vector<long long> pools;
  bool wait_for_recipe = false;  // deploy_completion=recipe
};

// Error{missed|value} naming the field for anything unusable; reads only.
Order OrderFor(core::Context& ctx, vmmanager6::Api& api, const vmmanager6::Cluster& cluster);

// The `ip` addon as an address count (1 without it), and the address pools of `ippool` (tariff,
// else module; empty = the cluster's). Error{value} for unusable values.
long long AddressCount(const core::Service& item);
std::vector<long long> AddressPools(const core::Context& ctx);
// The pool ids of a comma-separated `ippool` value.
std::vector<long long> AddressPoolsIn(const std::string& text);

// A paid network rate (Mbit/s) as VMmanager takes it: a whole number, rounded up.
std::optional<long long> WholeMbit(const std::optional<double>& rate);

// The checks of OrderFor that need no VMmanager: they run before a connection is opened.
void CheckServiceInput(const core::Context& ctx);

}  // namespace pm::pmvmmanager6
