#include "core/module_registry.h"

#include <map>

namespace pm::core {

ModuleRegistry::ModuleRegistry(Sqlite& db, SecretBox& box, std::vector<std::string> secrets)
    : db_(db), secrets_(box, std::move(secrets)) {
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS module_param ("
      " module INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
      " PRIMARY KEY (module, name))");
}

void ModuleRegistry::Remember(const ModuleConfig& module) {
  db_.Transaction([&] {
    db_.Exec("DELETE FROM module_param WHERE module = ?", {std::to_string(module.id)});
    for (const auto& [name, value] : module.params.values()) {
      db_.Exec("INSERT INTO module_param (module, name, value) VALUES (?, ?, ?)",
               {std::to_string(module.id), name, secrets_.Stored(name, value)});
    }
  });
}

std::vector<ModuleConfig> ModuleRegistry::All() {
  std::map<long, ModuleConfig> modules;
  for (const auto& row : db_.Query("SELECT module, name, value FROM module_param ORDER BY module")) {
    long id = std::stol(*row[0]);
    modules[id].id = id;
    modules[id].params.Set(*row[1], secrets_.Read(*row[1], *row[2]));
  }
  std::vector<ModuleConfig> all;
  for (auto& [id, module] : modules) all.push_back(std::move(module));
  return all;
}

}  // namespace pm::core
