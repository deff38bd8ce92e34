// The names pmvmmanager5 recognises its VMs by: a pooled VM's name carries the module's pool marker
// and its slot, and nothing else (another module's pool, a service's marker, a look-alike) is
// taken for one.
#include <gtest/gtest.h>

#include "pmvmmanager5/order.h"
#include "pmvmmanager5/pool_handover.h"

namespace pm::pmvmmanager5 {
namespace {

TEST(PooledNames, CarryTheModulesPoolMarkerAndTheSlot) {
  EXPECT_EQ(PooledName(7, "pool-3"), "billmgr-pmvmmanager5 module=7 pool pool-3");
  EXPECT_EQ(SlotNameOf(7, PooledName(7, "pool-3")), "pool-3");
}

TEST(PooledNames, NothingElseIsTakenForAPooledVm) {
  for (const char* name : {"billmgr-pmvmmanager5 module=7 item=1001", "billmgr-pmvmmanager5 module=70 pool pool-3",
                           "billmgr-pmvmmanager5 module=7 pool ", "billmgr-pmvmmanager5 module=7 pool",
                           "billmgr-pmvmmanager6 module=7 pool pool-3", "xbillmgr-pmvmmanager5 module=7 pool pool-3",
                           "foreign1", ""}) {
    EXPECT_FALSE(SlotNameOf(7, name)) << name;
  }
}

TEST(CpuWeight, IsAThousandPerCoreAsVmmanagersOwnPresets) {
  EXPECT_EQ(CpuWeight(1), 1000);
  EXPECT_EQ(CpuWeight(4), 4000);
}

}  // namespace
}  // namespace pm::pmvmmanager5
