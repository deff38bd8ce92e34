// Where an API client keeps its session (a login token, a session id) between runs, so that a run
// does not sign in again while the platform still knows the session. The module decides where
// that is (its state, sealed); the clients only load and save.
#pragma once

#include <optional>
#include <string>

namespace pm::http {

class SessionCache {
 public:
  virtual ~SessionCache() = default;
  virtual std::optional<std::string> Load() = 0;
  virtual void Save(const std::string& session) = 0;
};

}  // namespace pm::http
