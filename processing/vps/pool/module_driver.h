// A platform's pool driver with a context of its own: the pool tick runs once for every
// processing module, and a driver's connection reads its module (and no service) from a context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/module.h"
#include "vps/pool/driver.h"
#include "vps/pool/settings.h"

namespace pm::vps::pool {

// `Driver` is built from (core::Context&, PoolSettings).
template <class Driver>
class ModulePoolDriver : public PoolDriver {
 public:
  ModulePoolDriver(core::Context& ctx, const core::ModuleConfig& module, const PoolSettings& settings)
      : ctx_(ctx.traits(), ctx.args, core::Input{module, std::nullopt}, ctx.panel, ctx.log, ctx.files),
        driver_(ctx_, settings) {}
  std::vector<PooledVm> Pooled() override { return driver_.Pooled(); }
  bool CreationFailed(long long id) override { return driver_.CreationFailed(id); }
  long long Create(const pm::pool::Configuration& c, const std::string& name) override { return driver_.Create(c, name); }
  void Delete(long long id) override { driver_.Delete(id); }

 private:
  core::Context ctx_;
  Driver driver_;
};

}  // namespace pm::vps::pool
