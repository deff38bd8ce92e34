#include "core/args.h"

#include <gtest/gtest.h>

#include "core/error.h"

using pm::core::Args;
using pm::core::ParseArgs;

TEST(ParseArgs, ReadsContractOptionsInBothSpellings) {
  Args args = ParseArgs({"pm", "--command", "open", "--item=1001", "--module", "7", "--runningoperation", "55",
                         "--lang", "ru", "--param", "ip", "--value", "10.0.0.5"});
  EXPECT_EQ(args.command, "open");
  EXPECT_EQ(args.item, 1001);
  EXPECT_EQ(args.module, 7);
  EXPECT_EQ(args.runningoperation, 55);
  EXPECT_EQ(args.lang, "ru");
  ASSERT_EQ(args.params.size(), 1u);
  EXPECT_EQ(args.params[0].second, "10.0.0.5");
}

TEST(ParseArgs, IgnoresUnknownOptionsAndKeepsThemForTheLog) {
  Args args = ParseArgs({"pm", "--command", "features", "--level", "16", "--frobnicate"});
  EXPECT_EQ(args.command, "features");
  EXPECT_EQ(args.ignored, (std::vector<std::string>{"--level", "--frobnicate"}));
}

TEST(ParseArgs, RejectsNonNumericIdsAndMissingCommand) {
  try {
    ParseArgs({"pm", "--command", "open", "--item", "12x"});
    FAIL() << "expected a value error";
  } catch (const pm::core::Error& e) {
    EXPECT_EQ(e.type(), pm::core::ErrorType::Value);
    EXPECT_EQ(e.object(), "item");
  }
  EXPECT_THROW(ParseArgs({"pm", "--item", "5"}), pm::core::Error);
}

TEST(ParseArgs, ShortOptions) {
  Args args = ParseArgs({"pm", "-c", "close", "-i", "3"});
  EXPECT_EQ(args.command, "close");
  EXPECT_EQ(args.item, 3);
  EXPECT_EQ(args.lang, "en");
}

TEST(ParseArgs, KeepsChangepasswordsCryptedPasswordWhole) {
  EXPECT_EQ(ParseArgs({"pm", "--command", "changepassword", "--password", "q+/Zx0=="}).password, "q+/Zx0==");
  EXPECT_EQ(ParseArgs({"pm", "--command", "changepassword", "--password=q+/Zx0=="}).password, "q+/Zx0==");
  EXPECT_FALSE(ParseArgs({"pm", "--command", "changepassword"}).password);
}
