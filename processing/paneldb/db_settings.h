// Where the panel's database is and how to read its crypted values: the `paramlist` answer of
// BILLmanager (notes billmanager-db §1), with the module SDK's defaults for what it leaves empty.
#pragma once

#include <optional>
#include <string>

namespace pm::paneldb {

struct DbSettings {
  std::string host = "localhost";
  std::string user = "root";
  std::string password;
  std::string name = "billmgr5";  // the C++ SDK's default; installs seen in the wild say billmgr
  std::string socket;             // empty: the client library's default for localhost
  std::string crypt_key;          // absolute path of the RSA private key (CryptKey)
};

// From `mgrctl -m billmgr paramlist out=xml` (<doc><elem><DBHost>…</DBHost></elem>…); CryptKey,
// relative to the panel's root in the panel's own config, is resolved against `mgr_root`.
// nullopt when the answer lists no parameter at all: a panel always lists its own, so there is
// no panel database to read (the tests' and the demo's fake panel).
std::optional<DbSettings> SettingsFrom(const std::string& paramlist_xml, const std::string& mgr_root);

}  // namespace pm::paneldb
