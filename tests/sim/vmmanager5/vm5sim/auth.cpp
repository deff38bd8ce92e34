// COREmanager's two ways in (notes B1): a session from func=auth passed as `auth`, or
// `authinfo=user:password` on every request. Sessions are all from 127.0.0.1 here, so the
// panel's binding of a session to the client address is not simulated.
#include "vm5sim/api.h"

namespace vm5sim {

namespace {

MgrError BadLogin() { return MgrError(type::kAuth, "badpassword", "Invalid username or password"); }

User& CheckPassword(Core& core, const std::string& name, const std::string& password) {
  User* user = core.world.FindUserByName(name);
  if (!user || user->password != password || password.empty()) throw BadLogin();
  if (!user->enabled)
    throw MgrError(type::kAuth, "disabled", "The account '" + name + "' is suspended");
  return *user;
}

User& SessionUser(Core& core, const std::string& id) {
  auto it = core.sessions.find(id);
  double now = core.clock.Now();
  if (it != core.sessions.end() && it->second.last_used + core.world.session_ttl < now) {
    core.sessions.erase(it);
    it = core.sessions.end();
  }
  if (it == core.sessions.end())
    throw MgrError(type::kAuth, "session", "The session has expired or does not exist");
  User* user = simcommon::FindById(core.world.users, it->second.user);
  if (!user || !user->enabled) {
    core.sessions.erase(it);
    throw MgrError(type::kAuth, "session", "The session has expired or does not exist");
  }
  it->second.last_used = now;
  return *user;
}

}  // namespace

User& Authenticate(Core& core, const Params& params) {
  if (params.Has("auth") && !params.Get("auth").empty())
    return SessionUser(core, params.Get("auth"));
  if (params.Has("authinfo")) {
    std::string authinfo = params.Get("authinfo");
    size_t colon = authinfo.find(':');
    if (colon == std::string::npos) throw BadLogin();
    return CheckPassword(core, authinfo.substr(0, colon), authinfo.substr(colon + 1));
  }
  throw MgrError(type::kAuth, "", "Authorization required");
}

Element Login(Core& core, const Params& params) {
  User& user = CheckPassword(core, params.Get("username"), params.Get("password"));
  Session session{core.rng.Hex(24), user.id, core.clock.Now()};
  core.sessions[session.id] = session;
  Element doc{"doc", std::nullopt, {}, {}};
  doc.Add("auth", session.id)
      .Attribute("id", session.id)
      .Attribute("level", std::to_string(user.level));
  return doc;
}

}  // namespace vm5sim
