// The one request function of the VMmanager 5 client (notes B1): every call is a form POST to
// <panel>/vmmgr with `func`, `out=xml` and the session (`auth`), so that no password or session
// ever stands in a URL a web server logs. The session comes from `func=auth`, is kept between runs
// and, refused as expired, is replaced once. Reads, form submits (`sok=ok`) and list actions are
// told apart, because a write whose answer was lost must never be sent again.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "http/form.h"
#include "http/http_client.h"
#include "http/session_cache.h"
#include "vmmanager5/answer.h"

namespace pm::vmmanager5 {

using Sleeper = std::function<void(std::chrono::milliseconds)>;
void RealSleep(std::chrono::milliseconds duration);

// COREmanager's access levels (docs: lvAdmin 29, lvSuper 30); a client's user is 16.
constexpr int kAdministratorLevel = 29;

// "https://host[:port]/vmmgr" (a trailing slash dropped). Throws std::invalid_argument for
// anything else: the panel's form asks for the URL ending in /vmmgr (seed 001).
std::string PanelUrl(const std::string& url);

struct Credentials {
  std::string username;
  std::string password;
};

class Api {
 public:
  Api(http::HttpClient& http, std::string url, Credentials credentials, http::SessionCache& sessions,
      Sleeper sleeper = RealSleep);

  // A list, or a form read without `sok` (which changes nothing).
  Answer Read(const std::string& func, const http::FormFields& fields = {});
  // A form submitted with `sok=ok`: a create or an edit.
  Answer Submit(const std::string& func, const http::FormFields& fields);
  // A list action on one element (`vm.start`, `vm.delete`…), which takes no `sok`.
  Answer Act(const std::string& func, const std::string& elid);

  // Signs in with the credentials now, whatever session is kept; returns the account's level.
  int SignIn();
  void Sleep(std::chrono::milliseconds duration) { sleeper_(duration); }
  long requests() const { return requests_; }

 private:
  Answer Request(const std::string& func, const http::FormFields& fields, bool write);
  http::Response Send(const std::string& func, const http::FormFields& fields, bool write);

  http::HttpClient& http_;
  std::string url_;
  Credentials credentials_;
  http::SessionCache& sessions_;
  Sleeper sleeper_;
  std::optional<std::string> session_;
  long requests_ = 0;
};

}  // namespace pm::vmmanager5
