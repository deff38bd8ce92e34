#include "http/form.h"

#include <gtest/gtest.h>

namespace pm::http {
namespace {

TEST(FormTest, UnreservedCharactersStay) {
  const std::string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
  EXPECT_EQ(PercentEncode(unreserved), unreserved);
}

TEST(FormTest, SpaceIsPercent20NeverPlus) {
  EXPECT_EQ(PercentEncode("a b"), "a%20b");
  // Form decoders, PVE's included, read a bare '+' as a space: a '+' in a password or an SSH
  // key must be escaped to survive.
  EXPECT_EQ(PercentEncode("a+b"), "a%2Bb");
}

TEST(FormTest, ReservedAndControlCharactersAreEncodedInUpperCaseHex) {
  EXPECT_EQ(PercentEncode("/"), "%2F");
  EXPECT_EQ(PercentEncode("="), "%3D");
  EXPECT_EQ(PercentEncode(":"), "%3A");
  EXPECT_EQ(PercentEncode("&"), "%26");
  EXPECT_EQ(PercentEncode("%"), "%25");
  EXPECT_EQ(PercentEncode("?#,;@!"), "%3F%23%2C%3B%40%21");
  EXPECT_EQ(PercentEncode("\n"), "%0A");
  EXPECT_EQ(PercentEncode("\r\t"), "%0D%09");
  EXPECT_EQ(PercentEncode(std::string("a\0b", 3)), "a%00b");
}

TEST(FormTest, Utf8IsEncodedBytewise) {
  EXPECT_EQ(PercentEncode("é"), "%C3%A9");
  EXPECT_EQ(PercentEncode("Тест"), "%D0%A2%D0%B5%D1%81%D1%82");
  EXPECT_EQ(PercentEncode("\xff"), "%FF");
}

TEST(FormTest, EmptyTextStaysEmpty) { EXPECT_EQ(PercentEncode(""), ""); }

TEST(FormTest, FormJoinsEncodedPairsInOrder) {
  FormFields fields = {{"vmid", "100"}, {"net0", "virtio,bridge=vmbr0"}, {"sshkeys", "ssh-ed25519 AAAA+/= u@h\n"}};
  EXPECT_EQ(EncodeForm(fields),
            "vmid=100&net0=virtio%2Cbridge%3Dvmbr0&sshkeys=ssh-ed25519%20AAAA%2B%2F%3D%20u%40h%0A");
}

TEST(FormTest, FormEncodesNamesAndKeepsEmptyValuesAndDuplicates) {
  EXPECT_EQ(EncodeForm({{"a b", ""}, {"k", "1"}, {"k", "2"}}), "a%20b=&k=1&k=2");
}

TEST(FormTest, EmptyFormIsEmptyString) { EXPECT_EQ(EncodeForm({}), ""); }

}  // namespace
}  // namespace pm::http
