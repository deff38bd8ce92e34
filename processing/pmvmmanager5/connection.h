// From the module's connection form to a VMmanager 5 API client: the panel URL ending in /vmmgr,
// the administrator's login and password, TLS trust (CA or fingerprint pin), and the session kept
// in the module's state between runs.
#pragma once

#include <memory>

#include "core/module.h"
#include "http/http_client.h"
#include "http/session_cache.h"
#include "vmmanager5/api.h"

namespace pm::pmvmmanager5 {

class Connection {
 public:
  // Error{value|missed} for an unusable form (a URL not ending in /vmmgr among them); nothing is
  // sent until the first call.
  explicit Connection(core::Context& ctx);
  ~Connection();
  vmmanager5::Api& api() { return *api_; }

 private:
  std::unique_ptr<http::SessionCache> sessions_;
  std::unique_ptr<http::HttpClient> transport_;
  std::unique_ptr<http::HttpClient> http_;
  std::unique_ptr<vmmanager5::Api> api_;
};

}  // namespace pm::pmvmmanager5
