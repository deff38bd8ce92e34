// The server pool's VMmanager 6 side (contract §12): pooled hosts are ordinary hosts owned by the
// pool owner's account, marked "billmgr-pmvmmanager6 module=<id> pool" in their comment and
// named after their slot.
#pragma once

#include <optional>

#include "core/module.h"
#include "pmvmmanager6/connection.h"
#include "vps/pool/driver.h"
#include "vps/pool/settings.h"

namespace pm::pmvmmanager6 {

class Vm6PoolDriver : public vps::pool::PoolDriver {
 public:
  // `ctx` carries the processing module (and no service).
  Vm6PoolDriver(core::Context& ctx, vps::pool::PoolSettings settings);
  std::vector<vps::pool::PooledVm> Pooled() override;
  bool CreationFailed(long long id) override;
  long long Create(const pm::pool::Configuration& configuration, const std::string& name) override;
  void Delete(long long id) override;

 private:
  long long OsId(const std::string& intname);
  std::optional<long long> PresetId(const std::string& name);

  core::Context& ctx_;
  vps::pool::PoolSettings settings_;
  Connection connection_;
  std::optional<long long> owner_;
  std::optional<std::vector<vmmanager6::Os>> os_;
  std::optional<std::vector<vmmanager6::Preset>> presets_;
};

}  // namespace pm::pmvmmanager6
