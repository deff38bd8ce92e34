// pool_tick (cron, every 3 minutes): the hypervisor-neutral pool tick (vps/pool/tick.h) over
// VMmanager 6.
#include "pmvmmanager6/pool_driver.h"
#include "pmvmmanager6/translate.h"
#include "pmvmmanager6/vm6_module.h"
#include "vps/pool/tick.h"

namespace pm::pmvmmanager6 {
namespace {

// The driver with the per-module context its connection works in.
class ModulePoolDriver : public vps::pool::PoolDriver {
 public:
  ModulePoolDriver(core::Context& ctx, const core::ModuleConfig& module, const vps::pool::PoolSettings& settings)
      : ctx_(ctx.traits(), ctx.args, core::Input{module, std::nullopt}, ctx.panel, ctx.log, ctx.files),
        driver_(ctx_, settings) {}
  std::vector<vps::pool::PooledVm> Pooled() override { return driver_.Pooled(); }
  bool CreationFailed(long long id) override { return driver_.CreationFailed(id); }
  long long Create(const pm::pool::Configuration& c, const std::string& name) override { return driver_.Create(c, name); }
  void Delete(long long id) override { driver_.Delete(id); }

 private:
  core::Context ctx_;
  Vm6PoolDriver driver_;
};

}  // namespace

core::Reply Vm6Module::PoolTick(core::Context& ctx) {
  vps::pool::PoolTickSetup setup{
      ctx.directory(), ctx.files, ctx.log,
      [&ctx](const core::ModuleConfig& module, const vps::pool::PoolSettings& settings) {
        return std::make_unique<ModulePoolDriver>(ctx, module, settings);
      },
      [](const std::exception& failure) { return pmvmmanager6::Translate(failure); }};
  return vps::pool::TickReply(vps::pool::RunPoolTick(setup));
}

}  // namespace pm::pmvmmanager6
