// From the module's connection form to a VMmanager 6 API client: URL, the administrator's
// e-mail and password, TLS trust (CA or fingerprint pin), the session token kept in the module's
// state between runs, and the module's cluster.
#pragma once

#include <memory>

#include "core/module.h"
#include "http/http_client.h"
#include "http/session_cache.h"
#include "vmmanager6/api.h"
#include "vmmanager6/catalog.h"

namespace pm::pmvmmanager6 {

class Connection {
 public:
  // Error{value|missed} for an unusable form; nothing is sent until the first call.
  explicit Connection(core::Context& ctx);
  ~Connection();
  vmmanager6::Api& api() { return *api_; }
  // The cluster the module serves: `cluster` (id or name), else the platform's only one.
  // Error{value, cluster} when it names none or the platform has several and it is empty.
  const vmmanager6::Cluster& cluster();

 private:
  core::Context& ctx_;
  std::unique_ptr<http::SessionCache> tokens_;
  std::unique_ptr<http::HttpClient> transport_;
  std::unique_ptr<http::HttpClient> http_;
  std::unique_ptr<vmmanager6::Api> api_;
  std::optional<vmmanager6::Cluster> cluster_;
};

}  // namespace pm::pmvmmanager6
