#include "core/module_registry.h"

#include <algorithm>
#include <map>

namespace pm::core {

ModuleRegistry::ModuleRegistry(Sqlite& db, SecretBox& box, std::vector<std::string> secrets)
    : db_(db), box_(box), secrets_(std::move(secrets)) {
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS module_param ("
      " module INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
      " PRIMARY KEY (module, name))");
}

void ModuleRegistry::Remember(const ModuleConfig& module) {
  db_.Transaction([&] {
    db_.Exec("DELETE FROM module_param WHERE module = ?", {std::to_string(module.id)});
    for (const auto& [name, value] : module.params.values()) {
      bool secret = std::find(secrets_.begin(), secrets_.end(), name) != secrets_.end();
      db_.Exec("INSERT INTO module_param (module, name, value) VALUES (?, ?, ?)",
               {std::to_string(module.id), name, secret && !value.empty() ? box_.Seal(value) : value});
    }
  });
}

std::vector<ModuleConfig> ModuleRegistry::All() {
  std::map<long, ModuleConfig> modules;
  for (const auto& row : db_.Query("SELECT module, name, value FROM module_param ORDER BY module")) {
    long id = std::stol(*row[0]);
    modules[id].id = id;
    bool secret = std::find(secrets_.begin(), secrets_.end(), *row[1]) != secrets_.end();
    modules[id].params.Set(*row[1], secret ? box_.Open(*row[2]) : *row[2]);  // only secrets were sealed
  }
  std::vector<ModuleConfig> all;
  for (auto& [id, module] : modules) all.push_back(std::move(module));
  return all;
}

}  // namespace pm::core
