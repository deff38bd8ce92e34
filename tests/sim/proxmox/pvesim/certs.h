#pragma once

#include <filesystem>
#include <string>

namespace pvesim {

struct TlsFiles {
  std::string ca_pem;
  std::string cert_pem;
  std::string key_pem;
  std::string fingerprint;  // SHA-256 of the leaf DER, "AB:CD:..." as PVE shows it
};

// Loads <dir>/pve-root-ca.pem, pve-ssl.pem and pve-ssl.key, generating them first if any is
// missing, the way PVE does on installation: a self-signed cluster CA and a node certificate
// it signs (SAN DNS:localhost, IP:127.0.0.1, IP:::1). Existing files are kept so that a
// fingerprint pinned by a client survives restarts.
TlsFiles LoadOrCreateCertificates(const std::filesystem::path& dir);

std::string CertificateFingerprint(const std::string& cert_pem);

}  // namespace pvesim
