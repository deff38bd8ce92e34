// A vm5-sim process for the pmvmmanager5 contract tests, and the module's connection form for it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness.h"

namespace pm::contract {

class Vm5Simulator : public SimProcess {
 public:
  explicit Vm5Simulator(double time_scale = 0.01, nlohmann::json seed = nullptr);

  // One /vmmgr request (form fields; out=xml added) as the administrator, or with `session`;
  // returns the answer document.
  std::string Call(const std::map<std::string, std::string>& fields, const std::string& session = "");
  // A session of `username` (func=auth).
  std::string SignIn(const std::string& username, const std::string& password);
  // /_sim/state's VMs whose name starts with `prefix` (all when empty), and the user `name`.
  std::vector<nlohmann::json> Vms(const std::string& prefix = "");
  nlohmann::json User(const std::string& name);
};

// The pmvmmanager5 connection form for `sim` (its /vmmgr URL, pinned certificate) with `overrides`.
std::string Vm5ModuleXml(const Vm5Simulator& sim, const std::map<std::string, std::string>& overrides = {});

}  // namespace pm::contract
