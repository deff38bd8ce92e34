// From the module's connection form to a signed-in Proxmox API client: URL, credentials (token
// or user/password), TLS trust (CA or fingerprint pin), retries for idempotent calls.
#pragma once

#include <memory>

#include "core/log.h"
#include "core/service.h"
#include "http/http_client.h"
#include "proxmox/api.h"

namespace pm::pmproxmox {

class Connection {
 public:
  // Error{value|missed} for an unusable form; nothing is sent until the first call.
  Connection(const core::ModuleConfig& module, core::Log& log);
  proxmox::Api& api() { return *api_; }

 private:
  std::unique_ptr<http::HttpClient> transport_;
  std::unique_ptr<http::HttpClient> http_;
  std::unique_ptr<proxmox::Api> api_;
};

}  // namespace pm::pmproxmox
