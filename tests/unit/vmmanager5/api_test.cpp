// The VMmanager 5 request function against scripted answers: every call a form POST to /vmmgr
// (nothing secret in the URL), the session taken once and kept between runs, an expired one
// replaced once, error documents classified with the panel's text, a write's lost answer never
// resent, and what is not a VMmanager document refused.
#include <gtest/gtest.h>

#include "scripted_http.h"
#include "vmmanager5/api.h"
#include "vmmanager5/errors.h"

namespace pm::vmmanager5 {
namespace {

using test::ScriptedHttp;

class MemorySessions : public http::SessionCache {
 public:
  std::optional<std::string> Load() override { return session; }
  void Save(const std::string& value) override { session = value; }
  std::optional<std::string> session;
};

http::Response Xml(const std::string& body) { return {200, "OK", "<?xml version=\"1.0\"?>\n<doc>" + body + "</doc>"}; }
const char* kAuth = R"(<auth id="s1" level="29">s1</auth>)";
const char* kExpired = R"(<error type="auth" object=""><msg>Session expired</msg></error>)";

// The request's form fields, in order.
std::string Body(const http::Request& request) { return request.body; }

class Vm5ApiTest : public ::testing::Test {
 protected:
  Api MakeApi() {
    return Api(http, "https://vm5.test:1500/vmmgr", {"admin", "s3cr&t pass"}, sessions,
               [this](std::chrono::milliseconds d) { slept += d; });
  }
  ScriptedHttp http;
  MemorySessions sessions;
  std::chrono::milliseconds slept{0};
};

TEST(PanelUrl, NeedsHttpsAndVmmgrAtTheEnd) {
  EXPECT_EQ(PanelUrl("https://vm5.example.net:1500/vmmgr"), "https://vm5.example.net:1500/vmmgr");
  EXPECT_EQ(PanelUrl(" https://vm5.example.net/vmmgr/ "), "https://vm5.example.net/vmmgr");
  EXPECT_EQ(PanelUrl("https://[2001:db8::5]:1500/vmmgr"), "https://[2001:db8::5]:1500/vmmgr");
  EXPECT_THROW(PanelUrl("https://vm5.example.net:1500"), std::invalid_argument);
  EXPECT_THROW(PanelUrl("https://vm5.example.net/vmmgr/extra"), std::invalid_argument);
  EXPECT_THROW(PanelUrl("http://vm5.example.net/vmmgr"), std::invalid_argument);
  EXPECT_THROW(PanelUrl("https://vm5.example.net:70000/vmmgr"), std::invalid_argument);
}

TEST_F(Vm5ApiTest, SignsInOnceAndSendsEverythingInPostBodies) {
  http.Expect("POST https://vm5.test:1500/vmmgr", Xml(kAuth));
  http.Expect("POST https://vm5.test:1500/vmmgr", Xml("<elem><id>5</id><name>a</name><installing/></elem>"));
  http.Expect("POST https://vm5.test:1500/vmmgr", Xml("<elem><name>CentOS</name></elem>"));
  Api api = MakeApi();
  auto rows = api.Read("vm").Rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("id"), "5");
  EXPECT_EQ(rows[0].count("installing"), 1u);
  EXPECT_EQ(api.Read("osmgr").Rows().size(), 1u);
  ASSERT_EQ(http.sent.size(), 3u);
  EXPECT_EQ(Body(http.sent[0]), "func=auth&out=xml&username=admin&password=s3cr%26t%20pass");
  EXPECT_EQ(Body(http.sent[1]), "func=vm&out=xml&auth=s1");
  EXPECT_EQ(Body(http.sent[2]), "func=osmgr&out=xml&auth=s1");
  for (const auto& request : http.sent) {
    EXPECT_EQ(request.url, "https://vm5.test:1500/vmmgr") << "nothing in the URL a web server logs";
    EXPECT_EQ(request.headers.at("Content-Type"), "application/x-www-form-urlencoded");
  }
  EXPECT_EQ(sessions.session, "s1");
}

TEST_F(Vm5ApiTest, SubmitsAddSokAndActionsDoNot) {
  sessions.session = "s1";
  http.Expect("POST", Xml("<id>12</id><ok/>"));
  http.Expect("POST", Xml("<ok/>"));
  Api api = MakeApi();
  Answer made = api.Submit("vm.edit", {{"name", "web1"}});
  EXPECT_EQ(made.Field("id"), "12");
  EXPECT_TRUE(made.Ok());
  EXPECT_TRUE(api.Act("vm.start", "12").Ok());
  EXPECT_EQ(Body(http.sent[0]), "func=vm.edit&out=xml&auth=s1&name=web1&sok=ok");
  EXPECT_EQ(Body(http.sent[1]), "func=vm.start&out=xml&auth=s1&elid=12");
}

TEST_F(Vm5ApiTest, AnExpiredSessionIsReplacedOnceAndTheRequestSentAgain) {
  sessions.session = "old";
  http.Expect("POST", Xml(kExpired));
  http.Expect("POST", Xml(kAuth));
  http.Expect("POST", Xml("<ok/>"));
  Api api = MakeApi();
  EXPECT_TRUE(api.Act("vm.stop", "3").Ok());
  EXPECT_EQ(Body(http.sent[0]), "func=vm.stop&out=xml&auth=old&elid=3");
  EXPECT_EQ(Body(http.sent[2]), "func=vm.stop&out=xml&auth=s1&elid=3");
  EXPECT_EQ(sessions.session, "s1");
}

TEST_F(Vm5ApiTest, WrongCredentialsAreAnAuthErrorWithThePanelsTextAndNoSecondTry) {
  http.Expect("POST", Xml(R"(<error type="auth" object="badpassword"><msg>Invalid username or password</msg></error>)"));
  Api api = MakeApi();
  try {
    api.Read("vm");
    FAIL() << "signed in with wrong credentials";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_STREQ(e.what(), "Invalid username or password");
  }
  EXPECT_EQ(http.sent.size(), 1u);
  EXPECT_FALSE(sessions.session);
}

TEST_F(Vm5ApiTest, SignInReportsTheAccountsLevel) {
  http.Expect("POST", Xml(R"(<auth id="u1" level="16">u1</auth>)"));
  Api api = MakeApi();
  EXPECT_EQ(api.SignIn(), 16);
  http.Expect("POST", Xml(R"(<auth level="29"></auth>)"));
  EXPECT_THROW(api.SignIn(), UnexpectedAnswer);
}

TEST_F(Vm5ApiTest, ErrorDocumentsKeepTypeObjectAndText) {
  sessions.session = "s1";
  http.Expect("POST", Xml(R"(<error type="value" object="vsize"><msg>The disk size cannot be changed</msg></error>)"));
  http.Expect("POST", Xml(R"(<error type="exists" object="user"/>)"));
  http.Expect("POST", Xml(R"(<error type="access"><msg>Access denied</msg></error>)"));
  Api api = MakeApi();
  try {
    api.Submit("vm.edit", {{"elid", "3"}, {"vsize", "20480"}});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Value);
    EXPECT_EQ(e.object(), "vsize");
    EXPECT_STREQ(e.what(), "The disk size cannot be changed");
  }
  try {
    api.Submit("user.edit", {{"name", "a"}});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Exists);
    EXPECT_STREQ(e.what(), "VMmanager refused it (exists user)");
  }
  try {
    api.Read("user");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Access);
  }
  EXPECT_EQ(http.sent.size(), 3u) << "no error but an expired session is sent again";
}

TEST_F(Vm5ApiTest, AWritesLostAnswerIsNeverResentAReadsIsTheTransportError) {
  sessions.session = "s1";
  auto drop = [](const http::Request&) -> http::Response {
    throw http::TransportError(http::TransportError::Kind::Dropped, "empty reply from server");
  };
  http.Expect("POST", drop);
  http.Expect("POST", drop);
  http.Expect("POST", http::Response{504, "Gateway Time-out", "<html>504</html>"});
  Api api = MakeApi();
  EXPECT_THROW(api.Submit("vm.edit", {{"name", "web1"}}), LostAnswer);
  EXPECT_THROW(api.Read("vm"), http::TransportError);
  EXPECT_THROW(api.Act("vm.delete", "3"), LostAnswer);
  EXPECT_EQ(http.sent.size(), 3u);
}

TEST_F(Vm5ApiTest, WhatIsNotAVmmanagerDocumentIsUnexpected) {
  sessions.session = "s1";
  http.Expect("POST", http::Response{200, "OK", "<!DOCTYPE html><html><body>login</body></html>"});
  http.Expect("POST", http::Response{200, "OK", "<doc><elem>"});
  http.Expect("POST", http::Response{500, "Internal Server Error", ""});
  Api api = MakeApi();
  EXPECT_THROW(api.Read("vm"), UnexpectedAnswer);
  EXPECT_THROW(api.Read("vm"), UnexpectedAnswer);
  EXPECT_THROW(api.Read("vm"), UnexpectedAnswer);
}

}  // namespace
}  // namespace pm::vmmanager5
