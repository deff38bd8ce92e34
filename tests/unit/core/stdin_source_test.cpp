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
  EXPECT_EQ(TypeOf("<doc><item id='1'><param>x</param></item></doc>"), ErrorType::Value);
}

// An addon is an amount or, for an enumeration, the internal name of its value (contract §3). A
// name where an amount is due is a value error when the amount is asked for, and std::from_chars'
// "nan" and "inf" are no amounts.
TEST(StdinSource, AddonsAreAmountsOrNames) {
  Input input = ParseInputDocument(R"(<doc><item id="1"><addon name="backup_schedule">vm6_7_3</addon>
      <addon name="mem">lots</addon><addon name="disc">nan</addon><addon name="ncpu">inf</addon>
      <addon name="ip">2</addon></item></doc>)");
  const Service& item = *input.item;
  EXPECT_EQ(item.Choice("backup_schedule"), "vm6_7_3");
  EXPECT_DOUBLE_EQ(item.Addon("ip")->value, 2);
  for (const char* name : {"mem", "disc", "ncpu", "backup_schedule"}) {
    try {
      item.Addon(name);
      ADD_FAILURE() << name << " read as an amount";
    } catch (const Error& e) {
      EXPECT_EQ(e.type(), ErrorType::Value) << name;
      EXPECT_EQ(e.object(), name);
    }
  }
  EXPECT_FALSE(item.Addon("absent"));
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
