// Sessions (func=auth, auth=…), authinfo, expiry on the simulated clock, suspended users.
#include "support.h"

namespace vm5sim::testing {
namespace {

class AuthTest : public SimTest {};

TEST_F(AuthTest, LoginAnswersTheSessionWithTheAccountLevel) {
  Client client = NewClient();
  Response admin = client.Login("admin", "admin-secret");
  pugi::xml_node auth = admin.doc().child("auth");
  ASSERT_TRUE(auth) << admin.raw;
  EXPECT_EQ(std::string(auth.attribute("id").value()), auth.child_value());
  EXPECT_GE(std::string(auth.child_value()).size(), 16u);
  EXPECT_EQ(std::string(auth.attribute("level").value()), "29");
  Response user = NewClient().Login("operator", "operator-secret");
  EXPECT_EQ(std::string(user.doc().child("auth").attribute("level").value()), "16");
  EXPECT_EQ(client.Post("vm").Rows().size(), 1u);
}

TEST_F(AuthTest, AuthinfoWorksOnEveryRequestWithoutASession) {
  Client client = NewClient();
  Response rows = client.Post("user", {{"authinfo", "admin:admin-secret"}});
  EXPECT_EQ(rows.Rows().size(), 2u) << rows.raw;
  Response bad = client.Post("user", {{"authinfo", "admin:wrong"}});
  EXPECT_EQ(bad.ErrorType(), "auth");
  Response malformed = client.Post("user", {{"authinfo", "admin"}});
  EXPECT_EQ(malformed.ErrorType(), "auth");
  EXPECT_EQ(server_.State()["sessions"], 1);  // only the fixture's session
}

TEST_F(AuthTest, BadLoginIsAnAuthErrorWithoutSession) {
  for (auto [name, password] :
       {std::pair{"admin", "wrong"}, std::pair{"nobody", "admin-secret"}, std::pair{"admin", ""}}) {
    Client client = NewClient();
    Response response = client.Login(name, password);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.ErrorType(), "auth") << name;
    EXPECT_EQ(response.ErrorObject(), "badpassword");
    EXPECT_TRUE(client.session().empty());
  }
}

TEST_F(AuthTest, NoCredentialsIsAnAuthError) {
  Response response = NewClient().Post("vm");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.ErrorType(), "auth");
  EXPECT_FALSE(response.doc().child("elem"));
}

TEST_F(AuthTest, SessionExpiresAfterAnIdleHourAndEachCallRenewsIt) {
  Client client = As("operator", "operator-secret");
  server_.AdvanceClock(3000);
  EXPECT_FALSE(client.Post("vm").IsError());
  server_.AdvanceClock(3000);
  EXPECT_FALSE(client.Post("vm").IsError());
  server_.AdvanceClock(3601);
  Response expired = client.Post("vm");
  EXPECT_EQ(expired.ErrorType(), "auth");
  EXPECT_EQ(expired.ErrorObject(), "session");
  client.UseSession("0123456789abcdef01234567");
  EXPECT_EQ(client.Post("vm").ErrorType(), "auth");
}

TEST_F(AuthTest, SessionLifetimeIsSeedable) {
  options_.seed = {{"session_ttl", 60}};
  StartServer();
  server_.AdvanceClock(61);
  EXPECT_EQ(admin_->Post("vm").ErrorType(), "auth");
}

TEST_F(AuthTest, SuspendedUserCannotLogInAndLosesItsSessions) {
  Client user = As("operator", "operator-secret");
  ASSERT_TRUE(admin_->Post("user.suspend", {{"elid", "2"}}).Ok());
  EXPECT_EQ(user.Post("vm").ErrorType(), "auth");
  Response login = NewClient().Login("operator", "operator-secret");
  EXPECT_EQ(login.ErrorType(), "auth");
  EXPECT_EQ(NewClient().Post("vm", {{"authinfo", "operator:operator-secret"}}).ErrorType(), "auth");
  EXPECT_EQ(admin_->Post("user").Rows()[1]["enabled"], "off");
  ASSERT_TRUE(admin_->Post("user.resume", {{"elid", "2"}}).Ok());
  EXPECT_FALSE(As("operator", "operator-secret").Post("vm").IsError());
}

}  // namespace
}  // namespace vm5sim::testing
