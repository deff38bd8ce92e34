// The VMmanager 6 request function against scripted answers: sign-in (201), the token kept
// between runs and sent as x-xsrf-token, one new sign-in after a 401, 503 waited out, a write's
// lost answer never resent, errors classified with the platform's text.
#include <gtest/gtest.h>

#include "scripted_http.h"
#include "vmmanager6/api.h"
#include "vmmanager6/errors.h"

namespace pm::vmmanager6 {
namespace {

using test::ScriptedHttp;

class MemoryTokens : public http::SessionCache {
 public:
  std::optional<std::string> Load() override { return token; }
  void Save(const std::string& value) override {
    token = value;
    ++saves;
  }
  std::optional<std::string> token;
  int saves = 0;
};

http::Response Json(long status, const std::string& body) { return {status, "", body}; }
const char* kLogin = R"({"id":"7","token":"7-aaaa","expires_at":"2026-12-03 20:00:00","confirmed":true})";

class ApiTest : public ::testing::Test {
 protected:
  Api MakeApi() {
    return Api(http, "https://vm6.test", {"admin@example.com", "s3cret"}, tokens, [this](std::chrono::milliseconds d) {
      slept += d;
    });
  }
  ScriptedHttp http;
  MemoryTokens tokens;
  std::chrono::milliseconds slept{0};
};

TEST(ApiBase, ToleratesTheUsualTailsAndRefusesPlainHttp) {
  EXPECT_EQ(ApiBase("https://vm6.example.net"), "https://vm6.example.net");
  EXPECT_EQ(ApiBase("https://vm6.example.net/"), "https://vm6.example.net");
  EXPECT_EQ(ApiBase("https://vm6.example.net/vm"), "https://vm6.example.net");
  EXPECT_EQ(ApiBase("https://vm6.example.net:8443/vmmgr/"), "https://vm6.example.net:8443");
  EXPECT_THROW(ApiBase("http://vm6.example.net"), std::invalid_argument);
  EXPECT_THROW(ApiBase("https://vm6.example.net:99999"), std::invalid_argument);
  EXPECT_THROW(ApiBase("https://vm6.example.net/other/path"), std::invalid_argument);
}

TEST_F(ApiTest, SignsInOnceAndSendsTheTokenAsXsrfHeader) {
  http.Expect("POST https://vm6.test/auth/v4/public/token", Json(201, kLogin));
  http.Expect("GET https://vm6.test/vm/v3/cluster", Json(200, R"({"list":[]})"));
  http.Expect("GET https://vm6.test/vm/v3/os", Json(200, R"({"list":[]})"));
  Api api = MakeApi();
  api.Get("/vm/v3/cluster");
  api.Get("/vm/v3/os");
  ASSERT_EQ(http.sent.size(), 3u);
  EXPECT_EQ(http.sent[0].body, R"({"email":"admin@example.com","password":"s3cret"})");
  EXPECT_EQ(http.sent[1].headers.at("x-xsrf-token"), "7-aaaa");
  EXPECT_EQ(http.sent[2].headers.at("x-xsrf-token"), "7-aaaa");
  EXPECT_EQ(tokens.token, "7-aaaa");
}

TEST_F(ApiTest, AKeptTokenIsUsedAndARefusedOneReplacedOnce) {
  tokens.token = "old";
  http.Expect("GET https://vm6.test/vm/v3/cluster", Json(401, R"({"error":{"code":3001,"msg":"Unauthorized"}})"));
  http.Expect("POST https://vm6.test/auth/v4/public/token", Json(201, kLogin));
  http.Expect("GET https://vm6.test/vm/v3/cluster", Json(200, R"({"list":[{"id":1}]})"));
  Api api = MakeApi();
  EXPECT_EQ(api.Get("/vm/v3/cluster")["list"][0]["id"], 1);
  EXPECT_EQ(http.sent[0].headers.at("x-xsrf-token"), "old");
  EXPECT_EQ(http.sent[2].headers.at("x-xsrf-token"), "7-aaaa");
}

TEST_F(ApiTest, WrongCredentialsAreAnAuthErrorWithThePlatformsText) {
  http.Expect("POST https://vm6.test/auth/v4/public/token",
              Json(401, R"({"error":{"code":3004,"msg":"Invalid email or password"}})"));
  Api api = MakeApi();
  try {
    api.Get("/vm/v3/cluster");
    FAIL() << "signed in with wrong credentials";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_STREQ(e.what(), "Invalid email or password");
  }
  EXPECT_EQ(http.sent.size(), 1u);
}

TEST_F(ApiTest, ATokenAnswerWithoutTokenIsUnexpected) {
  http.Expect("POST https://vm6.test/auth/v4/public/token", Json(201, R"({"id":"7"})"));
  Api api = MakeApi();
  EXPECT_THROW(api.Get("/vm/v3/cluster"), UnexpectedAnswer);
}

TEST_F(ApiTest, ASleepingPlatformIsWaitedOutWithGrowingPauses) {
  tokens.token = "t";
  for (int i = 0; i < 3; ++i) http.Expect("POST https://vm6.test/vm/v3/host", Json(503, "<html>503</html>"));
  http.Expect("POST https://vm6.test/vm/v3/host", Json(200, R"({"id":5,"task":9})"));
  Api api = MakeApi();
  EXPECT_EQ(api.Post("/vm/v3/host", {{"name", "x"}})["id"], 5);
  EXPECT_EQ(slept, std::chrono::milliseconds(200 + 400 + 600));
}

TEST_F(ApiTest, A503StormEndsAsAnAsleepError) {
  tokens.token = "t";
  for (int i = 0; i < 10; ++i) http.Expect("GET https://vm6.test/vm/v3/os", Json(503, ""));
  Api api = MakeApi();
  try {
    api.Get("/vm/v3/os");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Asleep);
  }
  EXPECT_EQ(http.sent.size(), 10u);
}

TEST_F(ApiTest, AWriteWhoseAnswerIsLostIsNotSentAgain) {
  tokens.token = "t";
  http.Expect("POST https://vm6.test/vm/v3/host", [](const http::Request&) -> http::Response {
    throw http::TransportError(http::TransportError::Kind::Dropped, "empty reply from server");
  });
  Api api = MakeApi();
  EXPECT_THROW(api.Post("/vm/v3/host", {{"name", "x"}}), LostAnswer);
  EXPECT_EQ(http.sent.size(), 1u);
}

TEST_F(ApiTest, ErrorsKeepTheCodeAndTextAndAreClassified) {
  tokens.token = "t";
  http.Expect("POST https://vm6.test/vm/v3/host",
              Json(400, R"({"error":{"code":3008,"msg":"PROXY-3008: Unexpected property 'foo'","value":{"property":"foo"}}})"));
  http.Expect("GET https://vm6.test/vm/v3/host/77", Json(404, R"({"error":{"code":3080,"msg":"Instance not found"}})"));
  Api api = MakeApi();
  try {
    api.Post("/vm/v3/host", {{"foo", 1}});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Invalid);
    EXPECT_EQ(e.code(), 3008);
    EXPECT_STREQ(e.what(), "PROXY-3008: Unexpected property 'foo'");
  }
  try {
    api.Get("/vm/v3/host/77");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
}

}  // namespace
}  // namespace pm::vmmanager6
