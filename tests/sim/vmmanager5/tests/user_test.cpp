// Users: the list, user.edit create/read/edit, delete.
#include "support.h"

namespace vm5sim::testing {
namespace {

class UserTest : public SimTest {};

Form NewUser(const std::string& name, const std::string& password, const std::string& confirm) {
  return {{"sok", "ok"}, {"name", name}, {"passwd", password}, {"confirm", confirm}};
}

TEST_F(UserTest, CreateAnswersTheIdAndTheUserCanLogIn) {
  Response created = admin_->Post("user.edit", NewUser("client@example.com", "pw-1", "pw-1"));
  ASSERT_TRUE(created.Ok()) << created.raw;
  EXPECT_EQ(created.Field("id"), "3");
  std::vector<Row> rows = admin_->Post("user").Rows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2],
            (Row{{"id", "3"}, {"name", "client@example.com"}, {"level", "16"}, {"enabled", "on"}}));
  Response login = NewClient().Login("client@example.com", "pw-1");
  EXPECT_EQ(std::string(login.doc().child("auth").attribute("level").value()), "16");
}

TEST_F(UserTest, DuplicateNameIsExistsAndMakesNothing) {
  Response response = admin_->Post("user.edit", NewUser("operator", "x", "x"));
  EXPECT_EQ(response.ErrorType(), "exists");
  EXPECT_EQ(response.ErrorObject(), "user");
  EXPECT_EQ(server_.State()["users"].size(), 2u);
}

TEST_F(UserTest, ConfirmMismatchOrMissingFieldsAreValueErrors) {
  Response mismatch = admin_->Post("user.edit", NewUser("new", "one", "two"));
  EXPECT_EQ(mismatch.ErrorType(), "value");
  EXPECT_EQ(mismatch.ErrorObject(), "confirm");
  EXPECT_EQ(admin_->Post("user.edit", NewUser("", "one", "one")).ErrorObject(), "name");
  EXPECT_EQ(admin_->Post("user.edit", NewUser("new", "", "")).ErrorObject(), "passwd");
  Form bad_level = NewUser("new", "one", "one");
  bad_level.emplace_back("level", "20");
  EXPECT_EQ(admin_->Post("user.edit", bad_level).ErrorObject(), "level");
  EXPECT_EQ(server_.State()["users"].size(), 2u);
}

TEST_F(UserTest, FormReadWithoutSokChangesNothing) {
  Response empty =
      admin_->Post("user.edit", {{"name", "ghost"}, {"passwd", "p"}, {"confirm", "p"}});
  EXPECT_FALSE(empty.Ok());
  EXPECT_EQ(empty.Field("name"), "");
  EXPECT_EQ(empty.Field("level"), "16");
  Response read = admin_->Post("user.edit", {{"elid", "2"}, {"name", "renamed"}});
  EXPECT_EQ(read.Field("name"), "operator");
  EXPECT_FALSE(read.Field("passwd"));
  EXPECT_EQ(server_.State()["users"].size(), 2u);
  EXPECT_EQ(server_.State()["users"][1]["name"], "operator");
}

TEST_F(UserTest, EditChangesNameAndPassword) {
  Response edit = admin_->Post(
      "user.edit",
      {{"elid", "2"}, {"sok", "ok"}, {"name", "op2"}, {"passwd", "new-pw"}, {"confirm", "new-pw"}});
  ASSERT_TRUE(edit.Ok()) << edit.raw;
  EXPECT_EQ(NewClient().Login("operator", "operator-secret").ErrorType(), "auth");
  EXPECT_FALSE(As("op2", "new-pw").session().empty());
  EXPECT_EQ(
      admin_->Post("user.edit", {{"elid", "2"}, {"sok", "ok"}, {"name", "admin"}}).ErrorType(),
      "exists");
  EXPECT_EQ(admin_->Post("user.edit", {{"elid", "9"}, {"sok", "ok"}}).ErrorType(), "missing");
}

TEST_F(UserTest, DeleteRemovesAUserWithoutVms) {
  admin_->Post("user.edit", NewUser("temp", "pw", "pw"));
  Client temp = As("temp", "pw");
  ASSERT_TRUE(admin_->Post("user.delete", {{"elid", "3"}}).Ok());
  EXPECT_EQ(admin_->Post("user").Rows().size(), 2u);
  EXPECT_EQ(temp.Post("vm").ErrorType(), "auth");
  Response owner = admin_->Post("user.delete", {{"elid", "2"}});
  EXPECT_EQ(owner.ErrorType(), "exists");
  EXPECT_EQ(owner.ErrorObject(), "vm");
  EXPECT_EQ(admin_->Post("user.delete", {{"elid", "1"}}).ErrorType(), "access");
  EXPECT_EQ(admin_->Post("user.delete", {{"elid", "42"}}).ErrorType(), "missing");
  EXPECT_EQ(admin_->Post("user").Rows().size(), 2u);
}

}  // namespace
}  // namespace vm5sim::testing
