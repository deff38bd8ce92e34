#include "core/stdin_source.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.h"
#include "core/units.h"

using namespace pm::core;

namespace {

ErrorType TypeOf(const std::string& text) {
  try {
    ParseInputDocument(text);
  } catch (const Error& e) {
    return e.type();
  }
  ADD_FAILURE() << "no error for: " << text;
  return ErrorType::Internal;
}

}  // namespace

TEST(StdinSource, ParsesTheContractDocument) {
  Input input = ParseInputDocument(R"(<doc>
    <processingmodule id="7"><url>https://pve1:8006</url><password>p&amp;ss</password></processingmodule>
    <item id="1001" status="active" account="42">
      <pricelist id="12"><param name="node">pve1</param></pricelist>
      <param name="ostempl">debian-12-cloud</param>
      <addon name="ncpu">2</addon>
      <addon name="mem" measure="GiB">2</addon>
    </item></doc>)");
  ASSERT_TRUE(input.module && input.item);
  EXPECT_EQ(input.module->id, 7);
  EXPECT_EQ(input.module->params.Get("password"), "p&ss");
  EXPECT_EQ(input.item->id, 1001);
  EXPECT_EQ(input.item->account, 42);
  EXPECT_EQ(input.item->pricelist.Get("node"), "pve1");
  EXPECT_EQ(input.item->params.Get("ostempl"), "debian-12-cloud");
  EXPECT_EQ(SizeIn("mem", *input.item->Addon("mem"), SizeUnit::MiB), 2048u);
}

TEST(StdinSource, RejectsBadDocumentsWithTheRightErrorType) {
  EXPECT_EQ(TypeOf("<doc><item id='1'>"), ErrorType::Xml);
  EXPECT_EQ(TypeOf("<notdoc/>"), ErrorType::Xml);
  EXPECT_EQ(TypeOf("<doc><item/></doc>"), ErrorType::Missed);
  EXPECT_EQ(TypeOf("<doc><item id='abc'/></doc>"), ErrorType::Value);
  EXPECT_EQ(TypeOf("<doc><item id='1'><addon name='mem'>lots</addon></item></doc>"), ErrorType::Value);
  EXPECT_EQ(TypeOf("<doc><item id='1'><param>x</param></item></doc>"), ErrorType::Value);
  // std::from_chars reads these as numbers; no resource amount is one.
  for (const char* amount : {"nan", "inf", "-inf", "infinity"}) {
    EXPECT_EQ(TypeOf(std::string("<doc><item id='1'><addon name='mem'>") + amount + "</addon></item></doc>"),
              ErrorType::Value)
        << amount;
  }
}

TEST(StdinSource, EmptyInputIsAnErrorExceptForFeatures) {
  std::istringstream empty("  \n");
  StdinSource source(empty);
  Args features;
  features.command = "features";
  EXPECT_FALSE(source.Load(features).item);
  Args open;
  open.command = "open";
  std::istringstream empty2("");
  StdinSource source2(empty2);
  try {
    source2.Load(open);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), ErrorType::Xml);
  }
}
