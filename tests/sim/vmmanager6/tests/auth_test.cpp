#include <regex>

#include "support.h"

namespace vm6sim::testing {
namespace {

using nlohmann::json;

class AuthTest : public SimTest {};

TEST_F(AuthTest, PasswordLoginAnswers201WithToken) {
  Client client = NewClient();
  Response response = client.Login("admin@example.com", "admin-secret");
  ASSERT_EQ(response.status, 201) << response.raw;
  std::string id = response.body["id"];
  std::string token = response.body["token"];
  EXPECT_TRUE(std::regex_match(token, std::regex(id + "-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
                                                      "[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << token;
  EXPECT_TRUE(std::regex_match(response.body["expires_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")));
  EXPECT_EQ(response.body["confirmed"], true);
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  EXPECT_EQ(client.Get("/vm/v3/cluster").status, 200);
}

TEST_F(AuthTest, WrongPasswordOrEmailIs401) {
  Client client = NewClient();
  for (auto [email, password] :
       {std::pair{"admin@example.com", "wrong"}, std::pair{"nobody@example.com", "admin-secret"}}) {
    Response response = client.Login(email, password);
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.code(), 3004);
    EXPECT_EQ(response.msg(), "Invalid email or password");
  }
}

TEST_F(AuthTest, MissingOrUnknownTokenIsUnauthorized) {
  Client client = NewClient();
  Response response = client.Get("/vm/v3/host");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body,
            json::parse(R"({"error":{"code":3001,"msg":"Unauthorized","value":{}}})"));
  client.UseToken("1-00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(client.Get("/vm/v3/host").status, 401);
}

TEST_F(AuthTest, SessionCookieIsAcceptedToo) {
  Client client = NewClient();
  Response response =
      client.Send("GET", "/vm/v3/host", "", {{"Cookie", "lang=en; ses6=" + admin_->token()}}, true);
  EXPECT_EQ(response.status, 200) << response.raw;
}

TEST_F(AuthTest, TokenExpiresAfterAnHourWithoutUseAndEachUseRenewsIt) {
  Client client = As("client@example.com", "client-secret");
  server_.AdvanceClock(3000);
  EXPECT_EQ(client.Get("/vm/v3/host").status, 200);  // renews
  server_.AdvanceClock(3000);
  EXPECT_EQ(client.Get("/vm/v3/host").status, 200);
  server_.AdvanceClock(3601);
  Response response = client.Get("/vm/v3/host");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.code(), 3001);
}

TEST_F(AuthTest, TokenLifetimeIsSeedable) {
  options_.seed = {{"token_ttl", 60}};
  StartServer();
  Client client = As("client@example.com", "client-secret");
  server_.AdvanceClock(61);
  EXPECT_EQ(client.Get("/vm/v3/host").status, 401);
}

TEST_F(AuthTest, KeyFlowGivesATokenOfThatUser) {
  Response key = admin_->Post("/auth/v4/user/client@example.com/key", json::object());
  ASSERT_EQ(key.status, 201) << key.raw;
  std::string key_id = key.body["id"];
  EXPECT_EQ(key.body["key"].get<std::string>().rfind(key_id + "-", 0), 0u);
  Client user = NewClient();
  Response login =
      user.Send("POST", "/auth/v4/public/key", json{{"key", key.body["key"]}}.dump(), {}, true);
  ASSERT_EQ(login.status, 201) << login.raw;
  user.UseToken(login.body["token"]);
  Response hosts = user.Get("/vm/v3/host");
  ASSERT_EQ(hosts.status, 200);
  ASSERT_EQ(hosts.body["list"].size(), 1u);
  EXPECT_EQ(hosts.body["list"][0]["name"], "foreign1");
  // The key was for one use only.
  Response again = NewClient().Send("POST", "/auth/v4/public/key",
                                    json{{"key", key.body["key"]}}.dump(), {}, true);
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(again.code(), 3003);
}

TEST_F(AuthTest, KeyByIdAndKeysExpireAfterAnHour) {
  Response key = admin_->Post("/auth/v4/user/3/key");
  ASSERT_EQ(key.status, 201);
  server_.AdvanceClock(3601);
  Response login = NewClient().Send("POST", "/auth/v4/public/key",
                                    json{{"key", key.body["key"]}}.dump(), {}, true);
  EXPECT_EQ(login.status, 401);
  Client admin = As("admin@example.com", "admin-secret");  // the old token expired too
  Response unknown = admin.Post("/auth/v4/user/99/key");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.code(), 3080);
}

TEST_F(AuthTest, UserTokenSeesOnlyOwnHostsAndCannotTouchOthers) {
  Client operator_client = NewClient();
  operator_client.UseToken(server_.UserToken("operator@example.com"));
  Response hosts = operator_client.Get("/vm/v3/host");
  ASSERT_EQ(hosts.status, 200);
  EXPECT_TRUE(hosts.body["list"].empty());
  for (const char* action : {"start", "stop", "restart"}) {
    Response response = operator_client.Post(std::string("/vm/v3/host/1/") + action);
    EXPECT_EQ(response.status, 404) << action;
    EXPECT_EQ(response.code(), 3080);
    EXPECT_EQ(response.value(), json({{"id", 1}}));
  }
  EXPECT_EQ(operator_client.Get("/vm/v3/host/1").status, 404);
  // The owner may.
  Client owner = NewClient();
  owner.UseToken(server_.UserToken("client@example.com"));
  Response stop = owner.Post("/vm/v3/host/1/stop");
  ASSERT_EQ(stop.status, 200) << stop.raw;
  EXPECT_EQ(Finish(stop.body["task"]), "complete");
  EXPECT_EQ(server_.HostState(1)->at("state"), "stopped");
}

TEST_F(AuthTest, OnlyAdminsIssueKeysListAccountsAndCreateHosts) {
  Client user = As("operator@example.com", "operator-secret");
  for (auto [method, path] :
       {std::pair{"POST", "/auth/v4/user/2/key"}, std::pair{"GET", "/vm/v3/account"},
        std::pair{"POST", "/vm/v3/host"}, std::pair{"POST", "/vm/v3/account"}}) {
    Response response = user.Send(method, path, std::string(method) == "POST" ? "{}" : "");
    EXPECT_EQ(response.status, 403) << path;
    EXPECT_EQ(response.code(), 3001) << path;
    EXPECT_EQ(response.msg(), "Unauthorized");
  }
  Response create = user.Post("/vm/v3/host", HostBody({{"account", 3}}));
  EXPECT_EQ(create.status, 403);
  EXPECT_EQ(server_.State()["hosts"].size(), 1u);
}

TEST_F(AuthTest, LogoutEndsTheToken) {
  Client client = As("client@example.com", "client-secret");
  Response response = client.Delete("/auth/v4/token/" + client.token());
  EXPECT_EQ(response.status, 200) << response.raw;
  EXPECT_EQ(client.Get("/vm/v3/host").status, 401);
}

TEST_F(AuthTest, AdminCheckAsTheModulesDoIt) {
  Response response = admin_->Get("/vm/v3/account?where=(email+EQ+'admin@example.com')");
  ASSERT_EQ(response.status, 200);
  ASSERT_EQ(response.body["list"].size(), 1u);
  EXPECT_EQ(response.body["list"][0]["roles"], json({"@admin"}));
  response = admin_->Get("/vm/v3/account?where=(roles+CP+'%25@admin%25')");
  ASSERT_EQ(response.body["list"].size(), 1u);
  EXPECT_EQ(response.body["list"][0]["id"], 1);
}

TEST_F(AuthTest, AccountsAreCreatedOnce) {
  Response created =
      admin_->Post("/vm/v3/account",
                   {{"email", "new@example.com"}, {"password", "long-enough"}, {"role", "@user"}});
  ASSERT_EQ(created.status, 201) << created.raw;
  int id = created.body["id"];
  EXPECT_EQ(id, 4);
  Response again =
      admin_->Post("/vm/v3/account",
                   {{"email", "new@example.com"}, {"password", "long-enough"}, {"role", "@user"}});
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.code(), 3013);
  Response short_password = admin_->Post(
      "/vm/v3/account", {{"email", "b@example.com"}, {"password", "short"}, {"role", "@user"}});
  EXPECT_EQ(short_password.status, 400);
  EXPECT_EQ(short_password.code(), 3009);
  Response bad_role =
      admin_->Post("/vm/v3/account",
                   {{"email", "c@example.com"}, {"password", "long-enough"}, {"role", "root"}});
  EXPECT_EQ(bad_role.code(), 3009);
  Response list = admin_->Get("/vm/v3/account?where=(id+EQ+4)");
  ASSERT_EQ(list.body["list"].size(), 1u);
  EXPECT_EQ(list.body["list"][0], json({{"id", 4},
                                        {"email", "new@example.com"},
                                        {"state", "active"},
                                        {"roles", {"@user"}},
                                        {"host_count", 0},
                                        {"host_ids", json::array()}}));
  EXPECT_EQ(As("new@example.com", "long-enough").token().empty(), false);
}

}  // namespace
}  // namespace vm6sim::testing
