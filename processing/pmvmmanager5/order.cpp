#include "pmvmmanager5/order.h"

#include <arpa/inet.h>

#include "core/error.h"
#include "core/numbers.h"
#include "vps/settings.h"

namespace pm::pmvmmanager5 {
namespace {

std::string Node(const core::Context& ctx) {
  std::string node = vps::Setting(ctx.module(), ctx.item(), "hostnode", "auto");
  if (node != "auto") core::RequireWhole("hostnode", node, 1, 1LL << 31);
  return node;
}

// The panel writes the address it took from IPmanager; anything else is not one.
std::string Address(const core::Context& ctx) {
  std::string ip = ctx.item().params.Get("ip");
  unsigned char buffer[16];
  if (!ip.empty() && inet_pton(AF_INET, ip.c_str(), buffer) != 1 && inet_pton(AF_INET6, ip.c_str(), buffer) != 1) {
    throw core::ValueError("ip", "'" + ip + "' is not an IP address");
  }
  return ip;
}

std::optional<vmmanager5::Preset> PresetFor(const core::Context& ctx, vmmanager5::Api& api) {
  std::string name = vps::Setting(ctx.module(), ctx.item(), "preset");
  if (name.empty()) return std::nullopt;
  for (const auto& preset : vmmanager5::Presets(api)) {
    if (preset.name == name) return preset;
  }
  throw core::ValueError("preset", "VMmanager has no VM template (preset) named '" + name + "'");
}

std::optional<vmmanager5::Recipe> RecipeFor(const core::Context& ctx, vmmanager5::Api& api) {
  std::string name = ctx.item().params.Get("recipe");
  if (name.empty() || name == "null") return std::nullopt;
  for (const auto& recipe : vmmanager5::Recipes(api)) {
    if (recipe.name == name) return recipe;
  }
  throw core::ValueError("recipe", "VMmanager has no recipe named '" + name + "'");
}

}  // namespace

long long CpuWeight(int cores) { return 1000LL * cores; }

void CheckServiceInput(const core::Context& ctx) {
  vps::PackageOf(ctx.item());
  ctx.item().params.Require("ostempl");
  ctx.item().params.Require("email");
  Node(ctx);
  Address(ctx);
}

Order OrderFor(core::Context& ctx, vmmanager5::Api& api) {
  CheckServiceInput(ctx);
  Order order;
  order.os = ctx.item().params.Require("ostempl");
  bool offered = false;
  for (const auto& os : vmmanager5::OsTemplates(api)) offered = offered || (os.id == order.os && os.installed);
  if (!offered) {
    throw core::ValueError("ostempl", "VMmanager offers no OS template '" + order.os +
                                          "' installed on a node (was its repository or template renamed?)");
  }
  order.preset = PresetFor(ctx, api);
  order.recipe = RecipeFor(ctx, api);
  order.package = vps::PackageOf(ctx.item());
  order.node = Node(ctx);
  order.ip = Address(ctx);
  return order;
}

}  // namespace pm::pmvmmanager5
