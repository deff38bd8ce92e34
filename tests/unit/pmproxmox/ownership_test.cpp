#include "pmproxmox/ownership.h"

#include <gtest/gtest.h>

using namespace pm::pmproxmox;

TEST(OwnershipMarker, MatchesOnlyTheWholeMarker) {
  std::string marker = OwnershipMarker(7, 10);
  EXPECT_TRUE(CarriesMarker({{"description", marker}}, marker));
  EXPECT_TRUE(CarriesMarker({{"description", "customer notes\n" + marker + "\nmore"}}, marker));
  EXPECT_FALSE(CarriesMarker({{"description", OwnershipMarker(7, 1001)}}, marker)) << "item=10 is not item=1001";
  EXPECT_FALSE(CarriesMarker({{"description", OwnershipMarker(8, 10)}}, marker)) << "another module's VM";
  EXPECT_FALSE(CarriesMarker({{"name", "x"}}, marker));
  EXPECT_FALSE(CarriesMarker({{"description", 5}}, marker));
}
