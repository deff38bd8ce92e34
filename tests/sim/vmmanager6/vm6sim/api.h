#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "simcommon/control_api.h"
#include "simcommon/https_server.h"
#include "vm6sim/body.h"
#include "vm6sim/core.h"
#include "vm6sim/errors.h"

namespace vm6sim {

// One API request on its way through a handler. Handlers run under the simulator lock.
struct Call {
  Core& core;
  const simcommon::HttpRequest& request;
  std::map<std::string, std::string> params;  // from the path pattern
  std::map<std::string, std::string> query;   // decoded query string
  nlohmann::json body;                        // a POST's JSON object; null otherwise
  Account* caller = nullptr;                  // null on public routes
  std::string token;                          // the caller's token

  World& world() { return core.world; }
  bool IsAdmin() const { return caller && caller->IsAdmin(); }
  // 403 3001 unless the caller is an administrator.
  void RequireAdmin() const;
  // A numeric path parameter ({id}); 404 3080 if it is not a number.
  int64_t Id(const char* name = "id") const;
  // Checks the body against a schema (3008/3007/3006).
  void Check(const Schema& schema) const { CheckBody(body, schema); }
  // The host with that id, if the caller may see it (admins: all; users: their own);
  // otherwise 404 3080, as if it did not exist.
  Host& VisibleHost(int64_t id);
  double Now() const { return core.clock.Now(); }
};

struct Reply {
  int status = 200;
  nlohmann::json body;
};

using Handler = std::function<Reply(Call&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/vm/v3/host/{id}/start"; {id} matches digits, {name} anything
  Handler handler;
  bool is_public = false;  // no token needed
};

// Route tables of each part of the API.
void AddAuthRoutes(std::vector<Route>& routes);
void AddCatalogueRoutes(std::vector<Route>& routes);
void AddHostRoutes(std::vector<Route>& routes);
void AddScheduleRoutes(std::vector<Route>& routes);
void AddTaskRoutes(std::vector<Route>& routes);

// The caller behind a request's x-xsrf-token header or ses6 cookie; 401 3001 otherwise.
// Each use renews the token.
Account& Authenticate(Core& core, const simcommon::HttpRequest& request, std::string& token);
// A new token for an account: {"id","token","expires_at","confirmed"}.
nlohmann::json IssueToken(Core& core, const Account& account);
// A single-use login key: {"id","key"}.
nlohmann::json IssueKey(Core& core, const Account& account);
// Exchanges a key for a token reply; throws 401 3003 for unknown, used or expired keys.
nlohmann::json RedeemKey(Core& core, const std::string& key);

// A request under /auth/v4 or /vm/v3 (everything except /_sim).
simcommon::HttpResponse HandleApiRequest(Core& core, const simcommon::HttpRequest& request);
// What vm6-sim adds to the /_sim control API (control.cpp).
simcommon::ControlEndpoints ControlApi(Core& core);
simcommon::HttpResponse JsonResponse(int status, const nlohmann::json& body);

}  // namespace vm6sim
