// The panel's crypted values (itemcryptedparam, processingcryptedparam): base64 of one RSA block
// encrypted with PKCS#1 v1.5 padding to the public half of the panel's CryptKey (notes
// billmanager-db §3). An empty value is empty and needs no key.
#pragma once

#include <memory>
#include <string>

namespace pm::paneldb {

class CryptKey {
 public:
  // Reads the PEM private key lazily, at the first value that needs it.
  explicit CryptKey(std::string path);
  ~CryptKey();

  // The plain text of crypted parameter `name`; Error{value} naming it when it does not decrypt,
  // Error{access} when the key cannot be read.
  std::string Decrypt(const std::string& name, const std::string& base64);

 private:
  struct Key;
  std::string path_;
  std::unique_ptr<Key> key_;
};

}  // namespace pm::paneldb
