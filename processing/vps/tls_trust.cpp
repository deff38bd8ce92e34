#include "vps/tls_trust.h"

#include <stdexcept>

#include "core/error.h"
#include "http/curl_client.h"

namespace pm::vps {

http::TlsTrust TlsTrustFrom(const core::Settings& form) {
  http::TlsTrust trust{form.Get("ca_cert"), form.Get("fingerprint")};
  try {
    if (!trust.fingerprint.empty()) http::ParseFingerprint(trust.fingerprint);
  } catch (const std::invalid_argument& e) {
    throw core::ValueError("fingerprint", e.what());
  }
  try {
    if (!trust.ca_pem.empty()) http::CheckCaPem(trust.ca_pem);
  } catch (const std::invalid_argument& e) {
    throw core::ValueError("ca_cert", e.what());
  }
  return trust;
}

}  // namespace pm::vps
