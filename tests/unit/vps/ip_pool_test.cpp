#include "vps/ip_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/error.h"

using namespace pm;

namespace {

class IpPoolTest : public ::testing::Test {
 protected:
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("pm-pool-" + std::to_string(::getpid()) + ".db");
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
};

}  // namespace

TEST_F(IpPoolTest, LeasesOnceReusesAndReleases) {
  core::Sqlite db(path.string());
  vps::IpPool pool(db, 7, "10.0.0.10-10.0.0.11, 10.0.1.5");
  EXPECT_EQ(pool.Lease(1), "10.0.0.10");
  EXPECT_EQ(pool.Lease(2), "10.0.0.11");
  EXPECT_EQ(pool.Lease(1), "10.0.0.10");  // a rerun keeps its address
  EXPECT_EQ(pool.Lease(3), "10.0.1.5");
  EXPECT_THROW(pool.Lease(4), core::Error);
  pool.Release(2);
  EXPECT_EQ(pool.Lease(4), "10.0.0.11");
}

TEST_F(IpPoolTest, ModulesHaveSeparatePoolsAndBadRangesAreValueErrors) {
  core::Sqlite db(path.string());
  EXPECT_EQ(vps::IpPool(db, 7, "10.0.0.10").Lease(1), "10.0.0.10");
  EXPECT_EQ(vps::IpPool(db, 8, "10.0.0.10").Lease(1), "10.0.0.10");
  try {
    vps::IpPool(db, 9, "10.0.0.300").Lease(1);
    FAIL();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.object(), "ip_pool");
  }
  EXPECT_THROW(vps::IpPool(db, 9, "10.0.0.9-10.0.0.1").Lease(1), core::Error);
}
