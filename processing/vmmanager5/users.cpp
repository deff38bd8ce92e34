#include "vmmanager5/users.h"

#include "common/numbers.h"
#include "vmmanager5/errors.h"

namespace pm::vmmanager5 {
namespace {

long long RequireId(const std::string& text, const std::string& what) {
  auto id = common::ParseWhole(text, 1, 1LL << 53);
  if (!id) throw UnexpectedAnswer("VMmanager's answer for " + what + " carries no id");
  return *id;
}

}  // namespace

std::optional<User> FindUser(Api& api, const std::string& name) {
  for (const auto& row : api.Read("user").Rows()) {
    auto it = row.find("name");
    if (it == row.end() || it->second != name) continue;
    User user;
    user.id = RequireId(Column(row, "id"), "user " + name);
    user.name = name;
    user.level = static_cast<int>(common::ParseWhole(Column(row, "level"), 0, 31).value_or(0));
    user.enabled = Column(row, "enabled") != "off";
    return user;
  }
  return std::nullopt;
}

User EnsureUser(Api& api, const std::string& name, const std::string& password) {
  if (auto known = FindUser(api, name)) return *known;
  try {
    Answer made = api.Submit("user.edit", {{"name", name}, {"passwd", password}, {"confirm", password}, {"level", "16"}});
    return User{RequireId(made.Field("id").value_or(""), "the new user " + name), name, 16, true};
  } catch (const ApiError& error) {
    if (error.kind() != ErrorKind::Exists) throw;
  } catch (const LostAnswer&) {  // it may have been made: looked for below
  }
  if (auto made = FindUser(api, name)) return *made;
  throw UnexpectedAnswer("VMmanager user " + name + " was not made and does not exist");
}

}  // namespace pm::vmmanager5
