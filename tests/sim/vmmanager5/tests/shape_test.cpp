// The document shapes: XML lists and errors, the JSON rendering, the HTML page without `out`,
// unknown functions and paths, GET and POST parameters.
#include "support.h"

namespace vm5sim::testing {
namespace {

using nlohmann::json;

class ShapeTest : public SimTest {};

TEST_F(ShapeTest, XmlListIsElemRowsWithOneChildPerColumn) {
  Response response = admin_->Post("vm");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type.rfind("text/xml", 0), 0u);
  EXPECT_EQ(response.raw.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
  std::vector<Row> rows = response.Rows();
  ASSERT_EQ(rows.size(), 1u);
  Row expected = {{"id", "101"},
                  {"name", "foreign1"},
                  {"domain", "foreign1.example.org"},
                  {"ip", "203.0.113.10"},
                  {"user", "operator"},
                  {"uid", "2"},
                  {"mem", "1024"},
                  {"vcpu", "1"},
                  {"cputune", "1000"},
                  {"vsize", "10240"},
                  {"osname", "ISPsystem__Debian-12-amd64"},
                  {"hostnode", "1"},
                  {"state", "running"},
                  {"blocked", "off"}};
  EXPECT_EQ(rows[0], expected);
}

TEST_F(ShapeTest, JsonWrapsTheSameTreeAndElemIsAlwaysAnArray) {
  Response response = admin_->Post("vm", {{"out", "json"}});
  EXPECT_EQ(response.content_type.rfind("application/json", 0), 0u);
  ASSERT_TRUE(response.body["doc"]["elem"].is_array()) << response.raw;
  ASSERT_EQ(response.body["doc"]["elem"].size(), 1u);
  EXPECT_EQ(response.body["doc"]["elem"][0]["id"], json({{"$", "101"}}));
  EXPECT_EQ(response.body["doc"]["elem"][0]["name"]["$"], "foreign1");
  Response empty = admin_->Post("iplist", {{"out", "json"}, {"plid", "101"}});
  EXPECT_TRUE(empty.body["doc"]["elem"].is_array());
}

TEST_F(ShapeTest, JsonErrorCarriesTypeAndObjectAsAttributes) {
  Response response = CreateVm({{"vsize", "100"}, {"out", "json"}});
  const json& error = response.body["doc"]["error"];
  EXPECT_EQ(error["$type"], "value") << response.raw;
  EXPECT_EQ(error["$object"], "vsize");
  EXPECT_FALSE(error["msg"]["$"].get<std::string>().empty());
}

TEST_F(ShapeTest, JsonAuthAndFormSubmitShapes) {
  Client client = NewClient();
  Response login = client.Send("POST", "/vmmgr",
                               EncodeForm({{"func", "auth"},
                                           {"out", "json"},
                                           {"username", "admin"},
                                           {"password", "admin-secret"}}));
  const json& auth = login.body["doc"]["auth"];
  EXPECT_EQ(auth["$id"], auth["$"]) << login.raw;
  EXPECT_EQ(auth["$level"], "29");
  Response created = CreateVm({{"out", "json"}});
  EXPECT_EQ(created.body["doc"]["ok"], json::object()) << created.raw;
  EXPECT_EQ(created.body["doc"]["id"]["$"], "102");
  Response rows = admin_->Post("vm", {{"out", "json"}});
  const json& fresh = rows.body["doc"]["elem"][1];
  EXPECT_EQ(fresh["installing"], json::object());
  EXPECT_EQ(fresh["installos"], json::object());
}

TEST_F(ShapeTest, InstallFlagsAreEmptyElementsInXml) {
  CreateVm();
  std::string raw = admin_->Post("vm").raw;
  EXPECT_NE(raw.find("<installos/><installing/>"), std::string::npos) << raw;
  std::string created = CreateVm({{"name", "vm2"}}).raw;
  EXPECT_NE(created.find("<doc><id>103</id><ok/></doc>"), std::string::npos) << created;
}

TEST_F(ShapeTest, WithoutOutTheAnswerIsAnHtmlPage) {
  Response response = admin_->Post("vm", {{"out", ""}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type.rfind("text/html", 0), 0u);
  EXPECT_EQ(response.raw.find("<doc"), std::string::npos);
  EXPECT_EQ(response.raw.find("foreign1"), std::string::npos);
  EXPECT_EQ(admin_->Post("vm", {{"out", "text"}}).content_type.rfind("text/html", 0), 0u);
}

TEST_F(ShapeTest, UnknownFunctionIsMissingNamingIt) {
  Response response = admin_->Post("vm.frobnicate");
  EXPECT_EQ(response.ErrorType(), "missing");
  EXPECT_EQ(response.ErrorObject(), "vm.frobnicate");
  EXPECT_EQ(admin_->Post("").ErrorObject(), "func");
  // Authentication comes first.
  EXPECT_EQ(NewClient().Post("vm.frobnicate").ErrorType(), "auth");
}

TEST_F(ShapeTest, OtherPathsAre404) {
  Response response = NewClient().Send("GET", "/ispmgr?func=vm&out=xml", "");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(NewClient().Send("GET", "/vmmgr/extra?func=vm&out=xml", "").status, 404);
  EXPECT_EQ(server_.Requests().size(), 1u);  // only the fixture's login
}

TEST_F(ShapeTest, GetQueryWorksAndTheBodyWinsOverTheQuery) {
  EXPECT_EQ(admin_->Get("vm").Rows().size(), 1u);
  Client client = NewClient();
  Response response = client.Send("POST", "/vmmgr?func=user&out=xml&authinfo=admin:admin-secret",
                                  EncodeForm({{"func", "recipemgr"}}));
  std::vector<Row> rows = response.Rows();
  ASSERT_EQ(rows.size(), 1u) << response.raw;
  EXPECT_EQ(rows[0]["name"], "LAMP");
  // A body that is not a form is not read.
  Response json_body = client.Send("POST", "/vmmgr?out=xml&authinfo=admin:admin-secret",
                                   R"({"func":"vm"})", "application/json");
  EXPECT_EQ(json_body.ErrorObject(), "func");
}

TEST_F(ShapeTest, TextIsEscapedInXml) {
  ASSERT_TRUE(
      admin_->Post("vm.edit", {{"elid", "101"}, {"sok", "ok"}, {"domain", "a<b&c\"d"}}).Ok());
  Response form = admin_->Post("vm.edit", {{"elid", "101"}});
  EXPECT_EQ(form.Field("domain"), "a<b&c\"d");
  EXPECT_NE(form.raw.find("a&lt;b&amp;c&quot;d"), std::string::npos);
}

}  // namespace
}  // namespace vm5sim::testing
