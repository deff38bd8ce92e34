// What the module must keep of a secret at rest (a processing module's connection secrets for
// cron and the client pages, a platform's session token) is sealed: AES-256-GCM under a key of
// the module's own, `var/<module>.key` (32 random bytes, 0600, made at first use, its mode
// checked at every open). A copy of the state without the key reveals no secret.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pm::core {

class SecretBox {
 public:
  explicit SecretBox(std::string key_path) : key_path_(std::move(key_path)) {}

  // "sealed:v1:" + base64(nonce | ciphertext | tag), a fresh nonce each time.
  std::string Seal(const std::string& plain);
  // The plain text of what Seal made; a value that is not sealed comes back as it is (a state
  // written before sealing existed: it is sealed when written again). Error{internal} when a
  // sealed value does not open (another key, a damaged state).
  std::string Open(const std::string& stored);

 private:
  const std::string& Key();  // reads or makes the key file

  std::string key_path_;
  std::optional<std::string> key_;
};

// The named fields of a settings map (a module's secret params, a service's) as the state keeps
// them: sealed when written, opened when read; every other field as it is.
class SealedFields {
 public:
  SealedFields(SecretBox& box, std::vector<std::string> names) : box_(box), names_(std::move(names)) {}
  std::string Stored(const std::string& name, const std::string& value) const;
  std::string Read(const std::string& name, const std::string& stored) const;

 private:
  bool Sealed(const std::string& name) const;

  SecretBox& box_;
  std::vector<std::string> names_;
};

}  // namespace pm::core
