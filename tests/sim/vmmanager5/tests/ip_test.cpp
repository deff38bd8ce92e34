// iplist and iplist.edit: a VM's addresses and adding one.
#include "support.h"

namespace vm5sim::testing {
namespace {

class IpTest : public SimTest {};

TEST_F(IpTest, IplistShowsTheVmsAddresses) {
  std::vector<Row> rows = admin_->Post("iplist", {{"plid", "101"}}).Rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["ip"], "203.0.113.10");
  EXPECT_EQ(rows[0]["id"], "1001");
  EXPECT_EQ(admin_->Post("iplist").ErrorObject(), "plid");
  EXPECT_EQ(admin_->Post("iplist", {{"plid", "77"}}).ErrorType(), "missing");
  EXPECT_EQ(As("operator", "operator-secret").Post("iplist", {{"plid", "101"}}).Rows().size(), 1u);
}

TEST_F(IpTest, IplistEditAddsTheNextFreeAddressAndAnswersIt) {
  Response read = admin_->Post("iplist.edit", {{"plid", "101"}, {"family", "ipv4"}});
  EXPECT_FALSE(read.Ok());
  EXPECT_EQ(server_.State()["ips"].size(), 1u);
  Response added =
      admin_->Post("iplist.edit", {{"plid", "101"}, {"family", "ipv4"}, {"sok", "ok"}});
  ASSERT_TRUE(added.Ok()) << added.raw;
  EXPECT_EQ(added.Field("ip"), "203.0.113.11");
  EXPECT_EQ(added.Field("id"), "1002");
  std::vector<Row> rows = admin_->Post("iplist", {{"plid", "101"}}).Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1]["ip"], "203.0.113.11");
  EXPECT_EQ(VmRow(101)->at("ip"), "203.0.113.10");  // the primary address stays first
}

TEST_F(IpTest, IplistEditTakesAGivenAddress) {
  Response added =
      admin_->Post("iplist.edit",
                   {{"plid", "101"}, {"family", "special"}, {"ip", "203.0.113.50"}, {"sok", "ok"}});
  EXPECT_EQ(added.Field("ip"), "203.0.113.50");
  Response taken =
      admin_->Post("iplist.edit",
                   {{"plid", "101"}, {"family", "special"}, {"ip", "203.0.113.50"}, {"sok", "ok"}});
  EXPECT_EQ(taken.ErrorType(), "exists");
  EXPECT_EQ(taken.ErrorObject(), "ip");
  Response outside =
      admin_->Post("iplist.edit",
                   {{"plid", "101"}, {"family", "special"}, {"ip", "203.0.113.51"}, {"sok", "ok"}});
  EXPECT_EQ(outside.ErrorType(), "value");
  EXPECT_EQ(outside.ErrorObject(), "ip");
  EXPECT_EQ(server_.State()["ips"].size(), 2u);
}

}  // namespace
}  // namespace vm5sim::testing
