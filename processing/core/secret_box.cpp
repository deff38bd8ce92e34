#include "core/secret_box.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/base64.h"
#include "core/error.h"

namespace pm::core {
namespace {

constexpr const char* kPrefix = "sealed:v1:";
constexpr size_t kKeySize = 32, kNonceSize = 12, kTagSize = 16;

struct CipherFree {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using Cipher = std::unique_ptr<EVP_CIPHER_CTX, CipherFree>;

Error Broken(const std::string& path, const std::string& why) {
  return Error(ErrorType::Internal, "state", "a secret in the state does not open with the key " + path + ": " + why);
}

// Makes the key when there is none: written whole to a file of its own, then linked into place,
// so that a run killed halfway leaves no partial key and two first runs end up with the same one.
void MakeKey(const std::string& path) {
  std::string draft = path + ".new.XXXXXX";
  int fd = ::mkostemp(draft.data(), O_CLOEXEC);  // 0600, a name no other run has
  if (fd < 0) throw Error(ErrorType::Internal, "state", "cannot make the module's key " + path);
  std::string key(kKeySize, '\0');
  bool made = RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), kKeySize) == 1 &&
              ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  bool linked = made && (::link(draft.c_str(), path.c_str()) == 0 || errno == EEXIST);
  ::unlink(draft.c_str());
  if (!linked) throw Error(ErrorType::Internal, "state", "cannot make the module's key " + path);
}

// Reads the key, making it first when there is none; a key others may read is made the owner's
// alone, as the state files are.
std::string LoadKey(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    MakeKey(path);
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0) throw Error(ErrorType::Internal, "state", "cannot read the module's key " + path);
  struct stat info {};
  std::string key(kKeySize + 1, '\0');
  ssize_t n = ::fstat(fd, &info) == 0 ? ::read(fd, key.data(), key.size()) : -1;
  bool private_again = (info.st_mode & 077) == 0 || ::fchmod(fd, info.st_mode & 0700) == 0;
  ::close(fd);
  if (!private_again) throw Error(ErrorType::Internal, "state", "the module's key " + path + " is readable by others");
  if (n != static_cast<ssize_t>(kKeySize)) {
    throw Error(ErrorType::Internal, "state",
                "the module's key " + path + " is not " + std::to_string(kKeySize) + " bytes (was it changed?)");
  }
  key.resize(kKeySize);
  return key;
}

}  // namespace

const std::string& SecretBox::Key() {
  if (!key_) key_ = LoadKey(key_path_);
  return *key_;
}

std::string SecretBox::Seal(const std::string& plain) {
  const std::string& key = Key();
  std::string nonce(kNonceSize, '\0'), tag(kTagSize, '\0'), sealed(plain.size(), '\0');
  Cipher context(EVP_CIPHER_CTX_new());
  int n = 0, final_n = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), kNonceSize) != 1 || !context ||
      EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                         reinterpret_cast<const unsigned char*>(nonce.data())) != 1 ||
      EVP_EncryptUpdate(context.get(), reinterpret_cast<unsigned char*>(sealed.data()), &n,
                        reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), reinterpret_cast<unsigned char*>(sealed.data()) + n, &final_n) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, tag.data()) != 1) {
    throw Error(ErrorType::Internal, "state", "cannot seal a secret for the state");
  }
  return kPrefix + Base64Encode(nonce + sealed + tag);
}

std::string SecretBox::Open(const std::string& stored) {
  if (stored.rfind(kPrefix, 0) != 0) return stored;
  auto bytes = Base64Decode(stored.substr(std::string(kPrefix).size()));
  if (!bytes || bytes->size() < kNonceSize + kTagSize) throw Broken(key_path_, "it is not a sealed value");
  const std::string& key = Key();
  std::string nonce = bytes->substr(0, kNonceSize);
  std::string tag = bytes->substr(bytes->size() - kTagSize);
  std::string sealed = bytes->substr(kNonceSize, bytes->size() - kNonceSize - kTagSize);
  std::string plain(sealed.size(), '\0');
  Cipher context(EVP_CIPHER_CTX_new());
  int n = 0, final_n = 0;
  if (!context ||
      EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                         reinterpret_cast<const unsigned char*>(nonce.data())) != 1 ||
      EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(plain.data()), &n,
                        reinterpret_cast<const unsigned char*>(sealed.data()), static_cast<int>(sealed.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(context.get(), reinterpret_cast<unsigned char*>(plain.data()) + n, &final_n) != 1) {
    throw Broken(key_path_, "another key, or the state was changed");
  }
  return plain;
}

bool SealedFields::Sealed(const std::string& name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

std::string SealedFields::Stored(const std::string& name, const std::string& value) const {
  return Sealed(name) && !value.empty() ? box_.Seal(value) : value;
}

std::string SealedFields::Read(const std::string& name, const std::string& stored) const {
  return Sealed(name) ? box_.Open(stored) : stored;  // only the named fields were sealed
}

}  // namespace pm::core
