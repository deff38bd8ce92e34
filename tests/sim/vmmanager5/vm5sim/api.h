#pragma once

#include <functional>
#include <map>
#include <string>

#include "simcommon/control_api.h"
#include "simcommon/https_server.h"
#include "vm5sim/core.h"
#include "vm5sim/document.h"
#include "vm5sim/errors.h"
#include "vm5sim/params.h"

namespace vm5sim {

// One /vmmgr request on its way through a function. Functions run under the simulator lock and
// fill `doc`; any MgrError they throw becomes the error document instead, so a function checks
// everything before it changes anything.
struct Call {
  Core& core;
  const Params& params;
  User& caller;
  Element doc;

  World& world() { return core.world; }
  bool IsAdmin() const { return caller.IsAdmin(); }
  // An `access` error unless the caller is an administrator.
  void RequireAdmin() const;
  // The VM that `elid` (or `plid` for sub-lists) names: `missing` if there is none, `access` if
  // it belongs to someone else and the caller is not an administrator.
  Vm& VisibleVm(const std::string& id_text);
  // A `busy` error while the VM installs its OS.
  static void RequireIdle(const Vm& vm);
  void Ok() { doc.Flag("ok"); }
};

struct Function {
  bool admin_only = false;  // a level-16 user gets `access`
  std::function<void(Call&)> run;
};

using FunctionTable = std::map<std::string, Function>;

// The functions of each part of the panel.
void AddUserFunctions(FunctionTable& table);
void AddVmFormFunctions(FunctionTable& table);
void AddVmActionFunctions(FunctionTable& table);
void AddIpFunctions(FunctionTable& table);
void AddCatalogueFunctions(FunctionTable& table);

// vm.edit with sok=ok and no elid (api_vm_create.cpp).
void CreateVm(Call& call);
// `recipe` as an id: empty or `null` is none (0); an unknown one is a `value` error.
int RecipeOf(Call& call);
// `password` and `confirm`: required and equal, else `value` errors naming them.
std::string PasswordOf(const Params& params);
// `vmi`: a template installed on at least one node, else a `value` error naming `vmi`.
const Template& TemplateOf(Call& call);

// The caller behind `auth=SESSION` or `authinfo=user:password`; an `auth` error otherwise. A
// session's use renews it.
User& Authenticate(Core& core, const Params& params);
// func=auth: a new session for a good username and password.
Element Login(Core& core, const Params& params);

// A request to /vmmgr (dispatch.cpp).
simcommon::HttpResponse HandleApiRequest(Core& core, const simcommon::HttpRequest& request);
// What vm5-sim adds to the /_sim control API (control.cpp).
simcommon::ControlEndpoints ControlApi(Core& core);

}  // namespace vm5sim
