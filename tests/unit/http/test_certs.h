// Throw-away certificates for the TLS tests, made with the OpenSSL API (EC P-256, so they are
// cheap to generate): a CA, leaves signed by it, and unrelated self-signed certificates.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace pm::http::test_support {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};

struct KeyAndCert {
  std::unique_ptr<EVP_PKEY, PkeyFree> key;
  std::unique_ptr<X509, X509Free> cert;

  std::string Pem() const;
  // SHA-256 of the DER certificate as Proxmox shows it: "AB:CD:…".
  std::string Fingerprint() const;
};

KeyAndCert MakeCa(const std::string& common_name);
// `san` in OpenSSL's config syntax, e.g. "DNS:localhost,IP:127.0.0.1".
KeyAndCert MakeLeaf(const KeyAndCert& ca, const std::string& common_name, const std::string& san);
KeyAndCert MakeSelfSigned(const std::string& common_name, const std::string& san);

}  // namespace pm::http::test_support
