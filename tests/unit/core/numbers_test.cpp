#include "core/numbers.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace pm::core;

TEST(Numbers, WholeNumbersWithinBounds) {
  EXPECT_EQ(ParseWhole("0", 0, 10), 0);
  EXPECT_EQ(ParseWhole("10", 0, 10), 10);
  EXPECT_EQ(ParseWhole("-3", -5, 5), -3);
  EXPECT_FALSE(ParseWhole("11", 0, 10));
  EXPECT_FALSE(ParseWhole("-1", 0, 10));
  EXPECT_FALSE(ParseWhole("", 0, 10));
  EXPECT_FALSE(ParseWhole("+1", 0, 10));
  EXPECT_FALSE(ParseWhole(" 1", 0, 10));
  EXPECT_FALSE(ParseWhole("1 ", 0, 10));
  EXPECT_FALSE(ParseWhole("0x1", 0, 10));
  EXPECT_FALSE(ParseWhole("1.0", 0, 10));
  EXPECT_FALSE(ParseWhole("99999999999999999999", 0, 1LL << 62));
}

TEST(Numbers, DecimalsAreFiniteAndPlain) {
  EXPECT_DOUBLE_EQ(*ParseDecimal("2"), 2);
  EXPECT_DOUBLE_EQ(*ParseDecimal("0.5"), 0.5);
  EXPECT_DOUBLE_EQ(*ParseDecimal("1e3"), 1000);
  EXPECT_DOUBLE_EQ(*ParseDecimal("-4"), -4);
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "infinity", "1e999", "", "1,5", "0x10", "2 GiB", "lots"}) {
    EXPECT_FALSE(ParseDecimal(bad)) << bad;
  }
}

TEST(Numbers, RequireNamesTheValueInTheError) {
  try {
    RequireWhole("vmid", "abc", 100, 999999999);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), ErrorType::Value);
    EXPECT_EQ(e.object(), "vmid");
  }
  EXPECT_THROW(RequireDecimal("mem", "nan"), Error);
  EXPECT_DOUBLE_EQ(RequireDecimal("mem", "1.5"), 1.5);
}
