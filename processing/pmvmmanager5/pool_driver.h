// The server pool's VMmanager 5 side (contract §12): pooled VMs are ordinary VMs owned by the pool
// owner's user and named "billmgr-pmvmmanager5 module=<id> pool <slot>" (pool_handover.h); their
// address is VMmanager's own, which they keep when sold.
#pragma once

#include <optional>

#include "core/module.h"
#include "pmvmmanager5/connection.h"
#include "vmmanager5/catalog.h"
#include "vps/pool/driver.h"
#include "vps/pool/settings.h"

namespace pm::pmvmmanager5 {

class Vm5PoolDriver : public vps::pool::PoolDriver {
 public:
  // `ctx` carries the processing module (and no service).
  Vm5PoolDriver(core::Context& ctx, vps::pool::PoolSettings settings);
  std::vector<vps::pool::PooledVm> Pooled() override;
  bool CreationFailed(long long id) override;
  long long Create(const pm::pool::Configuration& configuration, const std::string& name) override;
  void Delete(long long id) override;

 private:
  std::optional<long long> PresetId(const std::string& name);

  core::Context& ctx_;
  vps::pool::PoolSettings settings_;
  Connection connection_;
  std::optional<long long> owner_;
  std::optional<std::vector<vmmanager5::Preset>> presets_;
};

}  // namespace pm::pmvmmanager5
