#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pvesim/params.h"
#include "pvesim/sim_core.h"

namespace pvesim {

struct Route;

// One API call after authentication and parameter validation, handed to a handler. Handlers
// run with the simulator mutex held (`lock`); they may wait on `core.changed` through it.
struct Call {
  SimCore& core;
  std::unique_lock<std::mutex>& lock;
  const Route& route;
  std::string method;
  std::string path;  // full request path, for task-fault matching
  std::string user;  // authenticated user or token id
  Params params;
  std::optional<long long> total;  // list endpoints: the "total" envelope field

  bool Has(const std::string& name) const { return params.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  long long Int(const std::string& name, long long fallback = 0) const;
  bool Flag(const std::string& name, bool fallback = false) const;
  std::string Node() const { return Get("node"); }
  int Vmid() const { return static_cast<int>(Int("vmid")); }
  bool IsRoot() const { return user == "root@pam"; }

  bool Can(const std::string& acl_path, const std::string& priv) const;
  void Require(const std::string& acl_path, const std::string& priv) const;
  void RequireAny(const std::string& acl_path, const std::vector<std::string>& privs) const;
  // raise_param_exc({<name> => "Only root may use this option."}) for a set root-only flag.
  void RequireRootFor(const std::string& name) const;

  // Starts a worker as this user, with any task fault that matches it.
  std::string StartTask(TaskSpec spec);
};

using Handler = std::function<nlohmann::json(Call&)>;

// A declarative permission check of the schema ('perm', path, privs[, any]), run before the
// parameters are validated, as PVE's rest_handler does. `{name}` is replaced by URI params.
struct Permission {
  std::string path;
  std::vector<std::string> privs;
  bool any = false;
};

struct Route {
  std::string method;
  std::string path;  // schema template, e.g. "/nodes/{node}/qemu/{vmid}/config"
  std::vector<ParamSpec> params;
  Handler handler;
  std::optional<Permission> permission;
  bool allow_token = true;
};

const std::vector<Route>& Routes();
// The route for a method and API path ("/nodes/pve1/qemu"), filling the URI parameters.
// `{volume}` takes the rest of the path. nullptr if none matches.
const Route* MatchRoute(const std::string& method, const std::string& path,
                        std::map<std::string, std::string>& uri_params);

}  // namespace pvesim
