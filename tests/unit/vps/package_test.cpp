#include "vps/package.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace pm;

namespace {

core::Service WithAddons(std::map<std::string, core::Resource> addons) {
  core::Service service;
  service.id = 1;
  service.addons = std::move(addons);
  return service;
}

}  // namespace

TEST(PackageOf, ConvertsPanelUnits) {
  auto package = vps::PackageOf(WithAddons({{"ncpu", {2, ""}},
                                                  {"mem", {4, "GiB"}},
                                                  {"disc", {30720, "MiB"}},
                                                  {"disc2", {50, "GiB"}},
                                                  {"iolimit", {100, ""}},
                                                  {"iopslimit", {1500, ""}},
                                                  {"inbound", {200, "Mbit"}},
                                                  {"outbound", {100, "Mbit"}}}));
  EXPECT_EQ(package.cores, 2);
  EXPECT_EQ(package.memory_mib, 4096u);
  EXPECT_EQ(package.disk_gib, 30u);
  EXPECT_EQ(package.disk2_gib, 50u);
  EXPECT_EQ(package.disk_mbps, 100);
  EXPECT_EQ(package.disk_iops, 1500u);
  EXPECT_DOUBLE_EQ(*package.inbound_mbit, 200);
  EXPECT_DOUBLE_EQ(*package.outbound_mbit, 100);
}

TEST(PackageOf, ZeroLimitsMeanUnlimited) {
  auto package = vps::PackageOf(
      WithAddons({{"ncpu", {1, ""}}, {"mem", {512, "MiB"}}, {"disc", {10, "GiB"}}, {"iolimit", {0, ""}}, {"inbound", {0, "Mbit"}}}));
  EXPECT_FALSE(package.disk_mbps);
  EXPECT_FALSE(package.inbound_mbit);
  EXPECT_FALSE(package.outbound_mbit);
  EXPECT_EQ(package.disk2_gib, 0u);
}

TEST(PackageOf, RefusesMissingAndNonsenseValues) {
  auto type_of = [](std::map<std::string, core::Resource> addons) {
    try {
      vps::PackageOf(WithAddons(std::move(addons)));
    } catch (const core::Error& e) {
      return std::string(core::ToString(e.type())) + ":" + e.object();
    }
    return std::string("none");
  };
  EXPECT_EQ(type_of({{"mem", {1, "GiB"}}, {"disc", {10, "GiB"}}}), "missed:ncpu");
  EXPECT_EQ(type_of({{"ncpu", {1.5, ""}}, {"mem", {1, "GiB"}}, {"disc", {10, "GiB"}}}), "value:ncpu");
  EXPECT_EQ(type_of({{"ncpu", {1, ""}}, {"mem", {1, "parsec"}}, {"disc", {10, "GiB"}}}), "value:mem");
  EXPECT_EQ(type_of({{"ncpu", {1, ""}}, {"mem", {1, "GiB"}}, {"disc", {0, "GiB"}}}), "value:disc");
  EXPECT_EQ(type_of({{"ncpu", {1, ""}}, {"mem", {1, "GiB"}}, {"disc", {5, "GiB"}}, {"iolimit", {-1, ""}}}), "value:iolimit");
}
