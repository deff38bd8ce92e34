// A vm6-sim process for the pmvmmanager6 contract tests, and the module's connection form for it.
#pragma once

#include <map>
#include <string>

#include "harness.h"

namespace pm::contract {

class Vm6Simulator : public SimProcess {
 public:
  explicit Vm6Simulator(double time_scale = 0.01, nlohmann::json seed = nullptr);

  // The real API (/auth/v4/…, /vm/v3/…) with `token`, or as the platform's administrator when
  // empty; throws unless it answers 2xx. Returns the answer body.
  nlohmann::json Api(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr,
                     const std::string& token = "");
  // The raw status and body, for checks of refusals.
  std::pair<int, nlohmann::json> Call(const std::string& method, const std::string& path,
                                      const nlohmann::json& body, const std::string& token);
  // A session of `email` through the key flow (the administrator asks for a key, the key signs in).
  std::string UserToken(const std::string& email);
  // /_sim/state's hosts whose comment contains `marker` (all when empty).
  std::vector<nlohmann::json> Hosts(const std::string& marker = "");
  nlohmann::json Schedule(long long id);

 private:
  std::string AdminToken();
  std::string admin_token_;
};

// The pmvmmanager6 connection form for `sim` (cluster 1, pinned certificate) with `overrides`.
std::string Vm6ModuleXml(const Vm6Simulator& sim, const std::map<std::string, std::string>& overrides = {});

}  // namespace pm::contract
