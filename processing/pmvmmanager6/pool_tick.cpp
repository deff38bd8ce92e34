// pool_tick (cron, every 3 minutes): the hypervisor-neutral pool tick (vps/pool/tick.h) over
// VMmanager 6.
#include "pmvmmanager6/pool_driver.h"
#include "pmvmmanager6/translate.h"
#include "pmvmmanager6/vm6_module.h"
#include "vps/pool/module_driver.h"
#include "vps/pool/tick.h"

namespace pm::pmvmmanager6 {

core::Reply Vm6Module::PoolTick(core::Context& ctx) {
  vps::pool::PoolTickSetup setup{
      ctx.directory(), ctx.files, ctx.log,
      [&ctx](const core::ModuleConfig& module, const vps::pool::PoolSettings& settings) {
        return std::make_unique<vps::pool::ModulePoolDriver<Vm6PoolDriver>>(ctx, module, settings);
      },
      [](const std::exception& failure) { return pmvmmanager6::Translate(failure); }};
  return vps::pool::TickReply(vps::pool::RunPoolTick(setup));
}

}  // namespace pm::pmvmmanager6
