#include "common/utf8.h"

#include <gtest/gtest.h>

#include "core/documents.h"

using namespace pm;

TEST(Utf8, StrictDecoding) {
  EXPECT_TRUE(common::IsValidUtf8("plain, кириллица, ✓, 𝄞"));
  for (const char* bad : {"\xc0\x80", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xd0",
                          "\x80", "\xe2\x9c"}) {
    EXPECT_FALSE(common::IsValidUtf8(bad)) << bad;
  }
}

TEST(Utf8, XmlSafeReplacesWhatXmlCannotCarry) {
  EXPECT_EQ(common::XmlSafe("ok\tline\nкириллица"), "ok\tline\nкириллица");
  EXPECT_EQ(common::XmlSafe(std::string("a\x01") + "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(common::XmlSafe("\xff"), "\xEF\xBF\xBD");
  EXPECT_EQ(common::XmlSafe("\xef\xbf\xbf"), "\xEF\xBF\xBD") << "U+FFFF is no XML character";
}

TEST(Documents, AnErrorQuotingRawBytesIsStillAnXmlDocument) {
  core::Error error(core::ErrorType::Value, std::string("ite\x02m"), std::string("'\xff\x01' is not a service id"));
  error.With("value", "\xc0\x80");
  std::string text = core::ErrorDocument(error, "en");
  EXPECT_TRUE(common::IsValidUtf8(text)) << text;
  EXPECT_EQ(text.find("&#"), std::string::npos) << "pugixml writes control characters as references XML forbids";
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(text.c_str()));
}
