#include "pmvmmanager6/order.h"

#include <cmath>

#include "core/error.h"
#include "core/numbers.h"
#include "pmvmmanager6/os_templates.h"
#include "pmvmmanager6/schedule_membership.h"
#include "vps/settings.h"

namespace pm::pmvmmanager6 {
namespace {

constexpr long long kMaxAddresses = 256;

}  // namespace

std::vector<long long> AddressPoolsIn(const std::string& text) {
  std::vector<long long> pools;
  std::string field;
  for (size_t start = 0; start <= text.size();) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    field = text.substr(start, comma - start);
    while (!field.empty() && field.front() == ' ') field.erase(0, 1);
    while (!field.empty() && field.back() == ' ') field.pop_back();
    if (!field.empty()) pools.push_back(core::RequireWhole("ippool", field, 1, 1LL << 62));
    start = comma + 1;
  }
  return pools;
}

long long AddressCount(const core::Service& item) {
  auto ip = item.Addon("ip");
  if (!ip) return 1;
  if (ip->value != std::floor(ip->value) || ip->value < 1 || ip->value > kMaxAddresses) {
    throw core::ValueError("ip", "expected a whole number of addresses from 1 to " + std::to_string(kMaxAddresses));
  }
  return static_cast<long long>(ip->value);
}

std::vector<long long> AddressPools(const core::Context& ctx) {
  return AddressPoolsIn(vps::Setting(ctx.module(), ctx.item(), "ippool"));
}

namespace {

bool WaitForRecipe(const core::ModuleConfig& module) {
  std::string mode = module.params.Get("deploy_completion", "os");
  if (mode != "os" && mode != "recipe") throw core::ValueError("deploy_completion", "expected os or recipe");
  return mode == "recipe";
}

std::optional<vmmanager6::Preset> PresetFor(core::Context& ctx, vmmanager6::Api& api) {
  std::string name = vps::Setting(ctx.module(), ctx.item(), "preset");
  if (name.empty()) return std::nullopt;
  for (const auto& preset : vmmanager6::ListPresets(api)) {
    if (preset.name == name) return preset;
  }
  throw core::ValueError("preset", "VMmanager has no VM configuration named '" + name + "'");
}

std::optional<vmmanager6::Recipe> RecipeFor(core::Context& ctx, vmmanager6::Api& api) {
  std::string name = ctx.item().params.Get("recipe");
  if (name.empty() || ctx.module().params.Get("use_recipes", "off") != "on") return std::nullopt;
  for (const auto& recipe : vmmanager6::ListRecipes(api)) {
    if (recipe.name == name) return recipe;
  }
  throw core::ValueError("recipe", "VMmanager has no recipe named '" + name + "'");
}

void RequireDisk(const Order& order) {
  long long disk_mib = order.preset ? order.preset->hdd_mib : static_cast<long long>(order.package.disk_gib) * 1024;
  if (disk_mib >= order.os.hdd_mib_required) return;
  throw core::ValueError("disc", order.os.name + " needs a disk of at least " + std::to_string(MinDiskGib(order.os)) +
                                     " GiB; the service has " + std::to_string(disk_mib / 1024) + " GiB");
}

}  // namespace

std::optional<long long> WholeMbit(const std::optional<double>& rate) {
  if (!rate) return std::nullopt;
  return static_cast<long long>(std::ceil(*rate));
}

void CheckServiceInput(const core::Context& ctx) {
  vps::PackageOf(ctx.item());
  ctx.item().params.Require("ostempl");
  ctx.item().params.Require("email");
  AddressCount(ctx.item());
  AddressPools(ctx);
  WaitForRecipe(ctx.module());
  PaidSchedule(ctx);
}

Order OrderFor(core::Context& ctx, vmmanager6::Api& api, const vmmanager6::Cluster& cluster) {
  CheckServiceInput(ctx);
  Order order;
  std::string intname = ctx.item().params.Require("ostempl");
  auto os = FindOs(vmmanager6::ListOs(api), cluster.id, intname);
  if (!os) {
    throw core::ValueError("ostempl", "VMmanager offers no OS template '" + intname + "' on cluster " + cluster.name +
                                          " (was its repository or template renamed?)");
  }
  order.os = *os;
  order.preset = PresetFor(ctx, api);
  order.recipe = RecipeFor(ctx, api);
  order.package = vps::PackageOf(ctx.item());
  order.addresses = AddressCount(ctx.item());
  order.pools = AddressPools(ctx);
  order.wait_for_recipe = WaitForRecipe(ctx.module()) && order.recipe;
  RequireDisk(order);
  return order;
}

}  // namespace pm::pmvmmanager6
