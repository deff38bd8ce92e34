#include "simcommon/certs.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace simcommon {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("certificate generation failed: ") + what);
}

KeyPtr NewRsaKey() {
  KeyPtr key(EVP_RSA_gen(2048));
  Check(key != nullptr, "EVP_RSA_gen");
  return key;
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  Check(ext != nullptr, value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

void SetName(X509_NAME* name, const std::vector<std::pair<std::string, std::string>>& parts) {
  for (const auto& [field, value] : parts) {
    Check(X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                     0) == 1,
          field.c_str());
  }
}

CertPtr NewCertificate(EVP_PKEY* key, long valid_days) {
  CertPtr cert(X509_new());
  Check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> serial(BN_new());
  Check(BN_rand(serial.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1, "BN_rand");
  BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), valid_days * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  return cert;
}

CertPtr MakeCa(EVP_PKEY* key, const CertProfile& profile) {
  CertPtr cert = NewCertificate(key, 3650);
  SetName(X509_get_subject_name(cert.get()), profile.ca_subject);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
  AddExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
  Check(X509_sign(cert.get(), key, EVP_sha256()) > 0, "X509_sign CA");
  return cert;
}

CertPtr MakeLeaf(EVP_PKEY* key, X509* ca, EVP_PKEY* ca_key, const CertProfile& profile) {
  CertPtr cert = NewCertificate(key, 730);
  SetName(X509_get_subject_name(cert.get()), profile.leaf_subject);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca));
  AddExtension(cert.get(), ca, NID_basic_constraints, "CA:FALSE");
  AddExtension(cert.get(), ca, NID_key_usage, "nonRepudiation,digitalSignature,keyEncipherment");
  AddExtension(cert.get(), ca, NID_ext_key_usage, "serverAuth");
  AddExtension(cert.get(), ca, NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost");
  AddExtension(cert.get(), ca, NID_authority_key_identifier, "keyid:always");
  Check(X509_sign(cert.get(), ca_key, EVP_sha256()) > 0, "X509_sign leaf");
  return cert;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string CertPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  Check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
  return BioText(bio.get());
}

std::string KeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  Check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM_write_bio_PrivateKey");
  return BioText(bio.get());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const std::filesystem::path& path, const std::string& content,
               std::filesystem::perms perms) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
  std::filesystem::permissions(path, perms);
}

}  // namespace

std::string CertificateFingerprint(const std::string& cert_pem) {
  BioPtr bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  Check(cert != nullptr, "PEM_read_bio_X509");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  Check(X509_digest(cert.get(), EVP_sha256(), digest, &length) == 1, "X509_digest");
  std::string out;
  char hex[4];
  for (unsigned i = 0; i < length; ++i) {
    std::snprintf(hex, sizeof hex, i ? ":%02X" : "%02X", digest[i]);
    out += hex;
  }
  return out;
}

CertProfile SimulatorCertProfile(const std::string& name, const std::string& organisation) {
  return {name + "-ca.pem",
          name + "-cert.pem",
          name + "-key.pem",
          {{"CN", name + "-sim CA"}, {"O", organisation}},
          {{"CN", "localhost"}, {"O", organisation}}};
}

TlsFiles LoadOrCreateCertificates(const std::filesystem::path& dir, const CertProfile& profile) {
  std::filesystem::create_directories(dir);
  auto ca_path = dir / profile.ca_file;
  auto cert_path = dir / profile.cert_file;
  auto key_path = dir / profile.key_file;
  if (!std::filesystem::exists(ca_path) || !std::filesystem::exists(cert_path) ||
      !std::filesystem::exists(key_path)) {
    using std::filesystem::perms;
    KeyPtr ca_key = NewRsaKey();
    CertPtr ca = MakeCa(ca_key.get(), profile);
    KeyPtr key = NewRsaKey();
    CertPtr leaf = MakeLeaf(key.get(), ca.get(), ca_key.get(), profile);
    WriteFile(ca_path, CertPem(ca.get()),
              perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
    WriteFile(cert_path, CertPem(leaf.get()),
              perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
    WriteFile(key_path, KeyPem(key.get()), perms::owner_read | perms::owner_write);
  }
  TlsFiles files{ReadFile(ca_path), ReadFile(cert_path), ReadFile(key_path), ""};
  files.fingerprint = CertificateFingerprint(files.cert_pem);
  return files;
}

}  // namespace simcommon
