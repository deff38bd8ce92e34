// A platform session (VMmanager's token or session id) kept in the module's state between runs,
// sealed with the module's key (core/secret_box.h). It is kept with the URL and login it was
// issued for (`issuer`), so that a changed connection form signs in anew.
#pragma once

#include <string>

#include "core/module.h"
#include "http/session_cache.h"

namespace pm::vps {

class StateSession : public http::SessionCache {
 public:
  StateSession(core::Context& ctx, std::string issuer);
  std::optional<std::string> Load() override;
  void Save(const std::string& session) override;

 private:
  core::Context& ctx_;
  std::string issuer_;
};

}  // namespace pm::vps
