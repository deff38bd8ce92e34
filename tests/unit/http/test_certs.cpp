#include "test_certs.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <stdexcept>

#include "http/curl_client.h"

namespace pm::http::test_support {
namespace {

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  Check(extension != nullptr, "X509V3_EXT_conf_nid");
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

// A fresh key and its certificate, valid from an hour ago for a day, not yet signed.
KeyAndCert Unsigned(const std::string& common_name) {
  static long serial = 1;
  KeyAndCert made;
  made.key.reset(EVP_EC_gen("P-256"));
  Check(made.key != nullptr, "EVP_EC_gen");
  made.cert.reset(X509_new());
  X509* cert = made.cert.get();
  X509_set_version(cert, X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, made.key.get());
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  return made;
}

void Sign(X509* cert, const KeyAndCert& issuer) {
  Check(X509_set_issuer_name(cert, X509_get_subject_name(issuer.cert.get())) == 1, "X509_set_issuer_name");
  Check(X509_sign(cert, issuer.key.get(), EVP_sha256()) > 0, "X509_sign");
}

void AddServerExtensions(X509* cert, X509* issuer, const std::string& san) {
  AddExtension(cert, issuer, NID_basic_constraints, "critical,CA:FALSE");
  AddExtension(cert, issuer, NID_key_usage, "critical,digitalSignature");
  AddExtension(cert, issuer, NID_ext_key_usage, "serverAuth");
  AddExtension(cert, issuer, NID_subject_alt_name, san);
}

}  // namespace

std::string KeyAndCert::Pem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  Check(PEM_write_bio_X509(bio.get(), cert.get()) == 1, "PEM_write_bio_X509");
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string KeyAndCert::Fingerprint() const {
  Sha256 digest{};
  unsigned int length = 0;
  Check(X509_digest(cert.get(), EVP_sha256(), digest.data(), &length) == 1, "X509_digest");
  return FormatFingerprint(digest);
}

KeyAndCert MakeCa(const std::string& common_name) {
  KeyAndCert ca = Unsigned(common_name);
  X509* cert = ca.cert.get();
  AddExtension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExtension(cert, cert, NID_subject_key_identifier, "hash");
  Sign(cert, ca);
  return ca;
}

KeyAndCert MakeLeaf(const KeyAndCert& ca, const std::string& common_name, const std::string& san) {
  KeyAndCert leaf = Unsigned(common_name);
  AddServerExtensions(leaf.cert.get(), ca.cert.get(), san);
  AddExtension(leaf.cert.get(), ca.cert.get(), NID_authority_key_identifier, "keyid");
  Sign(leaf.cert.get(), ca);
  return leaf;
}

KeyAndCert MakeSelfSigned(const std::string& common_name, const std::string& san) {
  KeyAndCert self = Unsigned(common_name);
  AddServerExtensions(self.cert.get(), self.cert.get(), san);
  Sign(self.cert.get(), self);
  return self;
}

}  // namespace pm::http::test_support
