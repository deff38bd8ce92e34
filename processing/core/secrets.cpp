#include "core/secrets.h"

namespace pm::core {
namespace {

void RedactValue(Log& log, const std::string& value) {
  log.Redact(value);
  log.Redact(UrlPassword(value));  // curl and relays may quote the URL without the rest
}

}  // namespace

std::string UrlPassword(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  auto authority = url.substr(scheme + 3, url.find_first_of("/?#", scheme + 3) - (scheme + 3));
  auto at = authority.rfind('@');
  if (at == std::string::npos) return "";
  auto colon = authority.find(':');
  if (colon == std::string::npos || colon > at) return "";
  return authority.substr(colon + 1, at - colon - 1);
}

void RedactSecrets(Log& log, const ModuleTraits& traits, const ModuleConfig& module) {
  for (const auto& name : traits.secret_params) RedactValue(log, module.params.Get(name));
}

void RedactSecrets(Log& log, const ModuleTraits& traits, const Service& service) {
  for (const auto& name : traits.service_secrets) RedactValue(log, service.params.Get(name));
}

}  // namespace pm::core
