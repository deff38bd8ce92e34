// pool_tick (cron, every 3 minutes): the hypervisor-neutral pool tick (vps/pool/tick.h) over
// VMmanager 5.
#include "pmvmmanager5/pool_driver.h"
#include "pmvmmanager5/translate.h"
#include "pmvmmanager5/vm5_module.h"
#include "vps/pool/module_driver.h"
#include "vps/pool/tick.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::PoolTick(core::Context& ctx) {
  vps::pool::PoolTickSetup setup{
      ctx.directory(), ctx.files, ctx.log,
      [&ctx](const core::ModuleConfig& module, const vps::pool::PoolSettings& settings) {
        return std::make_unique<vps::pool::ModulePoolDriver<Vm5PoolDriver>>(ctx, module, settings);
      },
      [](const std::exception& failure) { return pmvmmanager5::Translate(failure); }};
  return vps::pool::TickReply(vps::pool::RunPoolTick(setup));
}

}  // namespace pm::pmvmmanager5
