// The one request function of the VMmanager 6 client: every call goes through Request(), which
// signs it with the session token (signing in when there is none, and once more after a 401),
// waits out a platform that answers 503 while it wakes, and raises ApiError for the rest.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/http_client.h"
#include "http/session_cache.h"

namespace pm::vmmanager6 {

using Sleeper = std::function<void(std::chrono::milliseconds)>;
// Receives one line per request (method, path, status, duration), never bodies or queries.
using Tracer = std::function<void(const std::string&)>;

void RealSleep(std::chrono::milliseconds duration);

// "https://host[:port][/ | /vm | /vmmgr]" → "https://host[:port]". Throws std::invalid_argument
// for anything but an https URL with a host.
std::string ApiBase(const std::string& url);

struct Credentials {
  std::string email;
  std::string password;
};

// How often a 503 is waited out before it is the answer (docs: repeat until another code comes).
struct WakePolicy {
  int attempts = 10;
  std::chrono::milliseconds step{200};  // the n-th wait is n steps
};

class Api {
 public:
  Api(http::HttpClient& http, std::string base, Credentials credentials, http::SessionCache& tokens,
      Sleeper sleeper = RealSleep, WakePolicy wake = {});

  // `query` is a ready query string without `?` (e.g. Where::Query()).
  nlohmann::json Get(const std::string& path, const std::string& query = "");
  nlohmann::json Post(const std::string& path, const nlohmann::json& body = nlohmann::json::object());
  nlohmann::json Delete(const std::string& path);

  // Signs in with the credentials now, whatever token is kept (check_connection proves them).
  void SignIn();
  void Sleep(std::chrono::milliseconds duration) { sleeper_(duration); }
  void SetTracer(Tracer tracer) { tracer_ = std::move(tracer); }
  long requests() const { return requests_; }

 private:
  nlohmann::json Request(const std::string& method, const std::string& path, const std::string& query,
                         const nlohmann::json* body);
  // One send, repeated only while the platform answers 503 (it did nothing then).
  http::Response SendAwake(const std::string& method, const std::string& path, const std::string& query,
                           const nlohmann::json* body, bool signed_in);
  http::Response SendOnce(const std::string& method, const std::string& path, const std::string& query,
                          const nlohmann::json* body, bool signed_in);

  http::HttpClient& http_;
  std::string base_;
  Credentials credentials_;
  http::SessionCache& tokens_;
  Sleeper sleeper_;
  WakePolicy wake_;
  Tracer tracer_;
  std::optional<std::string> token_;
  long requests_ = 0;
};

}  // namespace pm::vmmanager6
