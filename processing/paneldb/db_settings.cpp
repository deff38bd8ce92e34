#include "paneldb/db_settings.h"

#include <map>
#include <pugixml.hpp>

#include "core/error.h"

namespace pm::paneldb {

std::optional<DbSettings> SettingsFrom(const std::string& paramlist_xml, const std::string& mgr_root) {
  pugi::xml_document doc;
  if (!doc.load_string(paramlist_xml.c_str()) || !doc.child("doc")) {
    throw core::Error(core::ErrorType::Xml, "paramlist", "the panel's paramlist answer is not a document");
  }
  std::map<std::string, std::string> values;
  for (auto elem : doc.child("doc").children("elem")) {
    auto first = elem.first_child();
    if (first.type() == pugi::node_element) values[first.name()] = first.text().get();
  }
  if (values.empty()) return std::nullopt;
  auto take = [&](const char* key, std::string& field) {
    auto it = values.find(key);
    if (it != values.end() && !it->second.empty()) field = it->second;
  };
  DbSettings settings;
  take("DBHost", settings.host);
  take("DBUser", settings.user);
  take("DBPassword", settings.password);
  take("DBName", settings.name);
  take("DBSocket", settings.socket);
  std::string key = "etc/billmgr.pem";
  take("CryptKey", key);
  settings.crypt_key = key.front() == '/' ? key : mgr_root + "/" + key;
  return settings;
}

}  // namespace pm::paneldb
