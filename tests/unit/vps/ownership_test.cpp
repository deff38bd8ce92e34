#include "vps/ownership.h"

#include <gtest/gtest.h>

using namespace pm::vps;

TEST(OwnershipMarker, NamesTheModuleAndTheService) {
  EXPECT_EQ(OwnershipMarker("pmvmmanager6", 7, 1001), "billmgr-pmvmmanager6 module=7 item=1001");
}

TEST(OwnershipMarker, MatchesOnlyAWholeLine) {
  std::string marker = OwnershipMarker("pmproxmox", 7, 10);
  EXPECT_TRUE(CarriesMarker(marker, marker));
  EXPECT_TRUE(CarriesMarker("customer notes\n" + marker + "\nmore", marker));
  EXPECT_FALSE(CarriesMarker(OwnershipMarker("pmproxmox", 7, 1001), marker)) << "item=10 is not item=1001";
  EXPECT_FALSE(CarriesMarker("x" + marker, marker)) << "another module whose name ends like ours";
  EXPECT_FALSE(CarriesMarker(OwnershipMarker("pmproxmox", 8, 10), marker));
  EXPECT_FALSE(CarriesMarker("", marker));
}
