#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace simcommon {

struct TlsFiles {
  std::string ca_pem;
  std::string cert_pem;
  std::string key_pem;
  std::string fingerprint;  // SHA-256 of the leaf DER, "AB:CD:..." as PVE shows it
};

// What a simulator's certificates are called and say: file names in the state directory and
// the subjects (X.509 name fields in order, e.g. {"CN", "localhost"}).
struct CertProfile {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::vector<std::pair<std::string, std::string>> ca_subject;
  std::vector<std::pair<std::string, std::string>> leaf_subject;
};

// The layout of a simulator whose product has none of its own to imitate: <name>-ca.pem,
// <name>-cert.pem and <name>-key.pem; the CA "<name>-sim CA", both of `organisation`.
CertProfile SimulatorCertProfile(const std::string& name, const std::string& organisation);

// Loads the profile's CA, certificate and key from `dir`, generating them first if any is
// missing: a self-signed CA (10 years) and a certificate it signs (2 years, SAN DNS:localhost,
// IP:127.0.0.1, IP:::1). Existing files are kept so that a fingerprint pinned by a client
// survives restarts.
TlsFiles LoadOrCreateCertificates(const std::filesystem::path& dir, const CertProfile& profile);

std::string CertificateFingerprint(const std::string& cert_pem);

}  // namespace simcommon
