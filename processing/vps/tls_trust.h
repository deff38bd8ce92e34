// The connection form's TLS fields (`fingerprint`, `ca_cert`, contract §9–§11) as the transport's
// trust, checked before anything is sent: a malformed value is the admin's typo, so it is a
// `value` error naming the field, not an internal failure on first use.
#pragma once

#include "core/service.h"
#include "http/http_client.h"

namespace pm::vps {

http::TlsTrust TlsTrustFrom(const core::Settings& form);

}  // namespace pm::vps
