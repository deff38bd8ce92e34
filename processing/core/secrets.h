// Every secret a run comes to know is masked in the log, and so in every error text the log masks:
// the connection form's secret fields (as the module's traits name them), the password inside a
// URL such as smtp://user:password@relay, and the service's secret params.
#pragma once

#include "core/log.h"
#include "core/module_traits.h"
#include "core/service.h"

namespace pm::core {

void RedactSecrets(Log& log, const ModuleTraits& traits, const ModuleConfig& module);
void RedactSecrets(Log& log, const ModuleTraits& traits, const Service& service);

// "smtp://user:pa55@relay:587" → "pa55"; "" when the text is no URL with a password.
std::string UrlPassword(const std::string& url);

}  // namespace pm::core
