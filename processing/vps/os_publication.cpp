#include "pmproxmox/published_templates.h"

namespace pm::pmproxmox {

PublishedTemplates::PublishedTemplates(core::Sqlite& db, long module) : db_(db), module_(module) {
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS ostempl (module INTEGER NOT NULL, intname TEXT NOT NULL, label TEXT NOT NULL,"
      " present INTEGER NOT NULL, PRIMARY KEY (module, intname))");
}

std::map<std::string, std::string> PublishedTemplates::Present() {
  std::map<std::string, std::string> present;
  for (const auto& row : db_.Query("SELECT intname, label FROM ostempl WHERE module = ? AND present = 1",
                                   {std::to_string(module_)})) {
    present[*row[0]] = *row[1];
  }
  return present;
}

void PublishedTemplates::MarkPresent(const std::string& intname, const std::string& label) {
  db_.Exec("INSERT OR REPLACE INTO ostempl (module, intname, label, present) VALUES (?, ?, ?, 1)",
           {std::to_string(module_), intname, label});
}

void PublishedTemplates::MarkVanished(const std::string& intname) {
  db_.Exec("UPDATE ostempl SET present = 0 WHERE module = ? AND intname = ?", {std::to_string(module_), intname});
}

}  // namespace pm::pmproxmox
