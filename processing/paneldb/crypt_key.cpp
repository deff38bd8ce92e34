#include "paneldb/crypt_key.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdio>

#include "core/base64.h"
#include "core/error.h"

namespace pm::paneldb {
namespace {

struct FileCloser {
  void operator()(FILE* file) const { std::fclose(file); }
};
struct ContextFreer {
  void operator()(EVP_PKEY_CTX* context) const { EVP_PKEY_CTX_free(context); }
};

core::Error Undecryptable(const std::string& name, const std::string& why) {
  return core::Error(core::ErrorType::Value, name,
                     "the panel's crypted value of '" + name + "' does not decrypt with the panel's key: " + why);
}

}  // namespace

struct CryptKey::Key {
  ~Key() { EVP_PKEY_free(pkey); }
  EVP_PKEY* pkey = nullptr;
};

CryptKey::CryptKey(std::string path) : path_(std::move(path)) {}
CryptKey::~CryptKey() = default;

std::string CryptKey::Decrypt(const std::string& name, const std::string& base64) {
  if (base64.empty()) return "";
  if (!key_) {
    std::unique_ptr<FILE, FileCloser> file(std::fopen(path_.c_str(), "r"));
    if (!file) {
      throw core::Error(core::ErrorType::Access, "CryptKey", "cannot read the panel's key " + path_);
    }
    auto key = std::make_unique<Key>();
    key->pkey = PEM_read_PrivateKey(file.get(), nullptr, nullptr, nullptr);
    if (!key->pkey) throw core::Error(core::ErrorType::Value, "CryptKey", path_ + " holds no PEM private key");
    key_ = std::move(key);
  }
  auto decoded = core::Base64Decode(base64);
  if (!decoded) throw Undecryptable(name, "it is not base64");
  const auto* cipher = reinterpret_cast<const unsigned char*>(decoded->data());
  std::unique_ptr<EVP_PKEY_CTX, ContextFreer> context(EVP_PKEY_CTX_new(key_->pkey, nullptr));
  if (!context || EVP_PKEY_decrypt_init(context.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PADDING) <= 0) {
    throw Undecryptable(name, "the key is not an RSA key");
  }
  size_t length = 0;
  if (EVP_PKEY_decrypt(context.get(), nullptr, &length, cipher, decoded->size()) <= 0) {
    throw Undecryptable(name, "it is not one block of the key's size");
  }
  std::string plain(length, '\0');
  if (EVP_PKEY_decrypt(context.get(), reinterpret_cast<unsigned char*>(plain.data()), &length, cipher,
                       decoded->size()) <= 0) {
    throw Undecryptable(name, "the padding is wrong (another key?)");
  }
  plain.resize(length);
  return plain;
}

}  // namespace pm::paneldb
