// Users (notes B4, §3): the list, the user.edit form (create and edit), delete, suspend, resume.
// All are administrator functions.
#include <algorithm>
#include <vector>

#include "vm5sim/api.h"
#include "vm5sim/views.h"

namespace vm5sim {

namespace {

User& FindUser(Call& call, const std::string& id_text) {
  User* user = simcommon::FindById(call.world().users, PositiveNumber(id_text));
  if (!user) throw MgrError(type::kMissing, "user", "User '" + id_text + "' not found");
  return *user;
}

// `level` as given, or the default for a new user: 16 (a client's user) or 29 (administrator).
int LevelOf(const Params& params, int fallback) {
  if (!params.Has("level") || params.Get("level").empty()) return fallback;
  std::string level = params.Get("level");
  if (level != std::to_string(kUserLevel) && level != std::to_string(kAdminLevel))
    throw ValueError("level", "The level must be 16 (user) or 29 (administrator)");
  return std::stoi(level);
}

void CheckPasswordPair(const Params& params) {
  if (params.Get("confirm") != params.Get("passwd"))
    throw ValueError("confirm", "The password and its confirmation do not match");
}

void CheckNameFree(World& world, const std::string& name, int self) {
  User* other = world.FindUserByName(name);
  if (other && other->id != self)
    throw MgrError(type::kExists, "user", "A user named '" + name + "' already exists");
}

void ReadForm(Call& call) {
  if (!call.params.Has("elid") || call.params.Get("elid").empty()) {
    call.doc.Add("name", "");
    call.doc.Add("level", std::to_string(kUserLevel));
    call.doc.Add("passwd", "");
    call.doc.Add("confirm", "");
    return;
  }
  User& user = FindUser(call, call.params.Get("elid"));
  call.doc.Add("elid", std::to_string(user.id));
  call.doc.Add("name", user.name);
  call.doc.Add("level", std::to_string(user.level));
  call.doc.Add("enabled", OnOff(user.enabled));
}

void Create(Call& call) {
  const Params& params = call.params;
  std::string name = params.Required("name");
  CheckNameFree(call.world(), name, 0);
  std::string password = params.Required("passwd");
  CheckPasswordPair(params);
  int level = LevelOf(params, kUserLevel);
  User user{call.world().next_user++, name, password, level, true};
  call.world().users.emplace(user.id, user);
  call.doc.Add("id", std::to_string(user.id));
  call.Ok();
}

void Edit(Call& call) {
  const Params& params = call.params;
  User& user = FindUser(call, params.Get("elid"));
  std::string name = params.Get("name").empty() ? user.name : params.Required("name");
  CheckNameFree(call.world(), name, user.id);
  if (!params.Get("passwd").empty()) CheckPasswordPair(params);
  int level = LevelOf(params, user.level);
  user.name = name;
  if (!params.Get("passwd").empty()) user.password = params.Get("passwd");
  user.level = level;
  call.Ok();
}

void EditForm(Call& call) {
  if (!call.params.Sok()) return ReadForm(call);
  if (!call.params.Has("elid") || call.params.Get("elid").empty()) return Create(call);
  Edit(call);
}

// The users an elid list names, all checked before any is touched; never the caller.
std::vector<User*> Selected(Call& call) {
  std::vector<User*> users;
  for (const std::string& id : call.params.Elids()) {
    User& user = FindUser(call, id);
    if (user.id == call.caller.id)
      throw MgrError(type::kAccess, "user", "You cannot do this to your own account");
    if (std::find(users.begin(), users.end(), &user) == users.end()) users.push_back(&user);
  }
  if (users.empty()) throw ValueError("elid", "No user selected");
  return users;
}

void EndSessions(Core& core, int user) {
  std::erase_if(core.sessions, [user](const auto& entry) { return entry.second.user == user; });
}

void Delete(Call& call) {
  std::vector<User*> users = Selected(call);
  for (User* user : users) {
    for (const auto& [id, vm] : call.world().vms) {
      if (vm.user == user->id)
        throw MgrError(type::kExists, "vm",
                       "User " + user->name + " owns VM " + vm.name + "; delete or move it first");
    }
  }
  for (User* user : users) {
    int id = user->id;
    EndSessions(call.core, id);
    call.world().users.erase(id);
  }
  call.Ok();
}

void SetEnabled(Call& call, bool enabled) {
  for (User* user : Selected(call)) {
    user->enabled = enabled;
    if (!enabled) EndSessions(call.core, user->id);
  }
  call.Ok();
}

}  // namespace

void AddUserFunctions(FunctionTable& table) {
  table["user"] = {true, [](Call& call) {
                     for (const auto& [id, user] : call.world().users) AddUserRow(user, call.doc);
                   }};
  table["user.edit"] = {true, EditForm};
  table["user.delete"] = {true, Delete};
  table["user.suspend"] = {true, [](Call& call) { SetEnabled(call, false); }};
  table["user.resume"] = {true, [](Call& call) { SetEnabled(call, true); }};
}

}  // namespace vm5sim
