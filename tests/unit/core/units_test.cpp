#include "core/units.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace pm::core;

TEST(Units, ConvertsSizesAndRoundsUp) {
  EXPECT_EQ(SizeIn("mem", {2, "GiB"}, SizeUnit::MiB), 2048u);
  EXPECT_EQ(SizeIn("mem", {1536, "MiB"}, SizeUnit::GiB), 2u);
  EXPECT_EQ(SizeIn("disc", {1, "TiB"}, SizeUnit::GiB), 1024u);
  EXPECT_EQ(SizeIn("disc", {20, ""}, SizeUnit::GiB, SizeUnit::GiB), 20u);
  EXPECT_EQ(SizeIn("mem", {524288, "kib"}, SizeUnit::MiB), 512u);
}

TEST(Units, ConvertsRates) {
  EXPECT_DOUBLE_EQ(RateIn("inbound", {100, "Mbit"}, RateUnit::Mbit), 100);
  EXPECT_DOUBLE_EQ(RateIn("inbound", {1, "Gbit"}, RateUnit::Mbit), 1000);
  EXPECT_DOUBLE_EQ(RateIn("inbound", {512, "Kbit"}, RateUnit::Mbit), 0.512);
}

TEST(Units, RejectsUnknownUnitsAndNegativeValues) {
  EXPECT_THROW(SizeIn("mem", {1, "parsecs"}, SizeUnit::MiB), Error);
  EXPECT_THROW(SizeIn("mem", {-1, "MiB"}, SizeUnit::MiB), Error);
  EXPECT_THROW(RateIn("inbound", {1, "GiB"}, RateUnit::Mbit), Error);
  EXPECT_THROW(SizeIn("mem", {1e30, "GiB"}, SizeUnit::MiB), Error);
}

TEST(Units, RejectsAmountsThatOverflowOnceConverted) {
  // 1e14 is a modest number, but 1e14 TiB in MiB is past 2^64.
  EXPECT_THROW(SizeIn("mem", {1e14, "TiB"}, SizeUnit::MiB), Error);
  EXPECT_THROW(SizeIn("mem", {1e13, "TiB"}, SizeUnit::KiB), Error);
  EXPECT_THROW(RateIn("inbound", {1e14, "Gbit"}, RateUnit::Kbit), Error);
  EXPECT_EQ(SizeIn("disc", {1e6, "TiB"}, SizeUnit::GiB), 1024000000u);
}
