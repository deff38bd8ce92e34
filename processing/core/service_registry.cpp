#include "core/service_registry.h"

#include <cstdio>
#include <string>

#include "core/numbers.h"


namespace pm::core {
namespace {

// One row per value: kind is "param", "pricelist", "addon" (with its measure) or "choice"; the
// fields `sealed` names (when given) kept sealed.
void InsertValues(Sqlite& db, long item, const char* kind, const Settings& settings,
                  const SealedFields* sealed = nullptr) {
  for (const auto& [name, value] : settings.values()) {
    db.Exec("INSERT INTO service_value (item, kind, name, value, measure) VALUES (?, ?, ?, ?, '')",
            {std::to_string(item), kind, name, sealed ? sealed->Stored(name, value) : value});
  }
}

// Round-trips any double exactly (std::to_string keeps six decimals only).
std::string Exact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

ServiceRegistry::ServiceRegistry(Sqlite& db, SecretBox& box, std::vector<std::string> secrets)
    : db_(db), secrets_(box, std::move(secrets)) {
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS service ("
      " item INTEGER PRIMARY KEY, module INTEGER NOT NULL, status TEXT NOT NULL, account INTEGER NOT NULL,"
      " pricelist INTEGER NOT NULL)");
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS service_value ("
      " item INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, measure TEXT NOT NULL,"
      " PRIMARY KEY (item, kind, name))");
}

void ServiceRegistry::Remember(long module, const Service& service) {
  std::string item = std::to_string(service.id);
  db_.Transaction([&] {
    db_.Exec("DELETE FROM service_value WHERE item = ?", {item});
    db_.Exec("INSERT OR REPLACE INTO service (item, module, status, account, pricelist) VALUES (?, ?, ?, ?, ?)",
             {item, std::to_string(module), service.status, std::to_string(service.account),
              std::to_string(service.pricelist_id)});
    InsertValues(db_, service.id, "param", service.params, &secrets_);
    InsertValues(db_, service.id, "pricelist", service.pricelist);
    for (const auto& [name, resource] : service.addons) {
      db_.Exec("INSERT INTO service_value (item, kind, name, value, measure) VALUES (?, 'addon', ?, ?, ?)",
               {item, name, Exact(resource.value), resource.measure});
    }
    for (const auto& [name, value] : service.choices) {
      db_.Exec("INSERT INTO service_value (item, kind, name, value, measure) VALUES (?, 'choice', ?, ?, '')",
               {item, name, value});
    }
  });
}

void ServiceRegistry::Forget(long item) {
  db_.Transaction([&] {
    db_.Exec("DELETE FROM service_value WHERE item = ?", {std::to_string(item)});
    db_.Exec("DELETE FROM service WHERE item = ?", {std::to_string(item)});
  });
}

std::optional<long> ServiceRegistry::ModuleOf(long item) {
  auto rows = db_.Query("SELECT module FROM service WHERE item = ?", {std::to_string(item)});
  if (rows.empty()) return std::nullopt;
  return std::stol(*rows[0][0]);
}

std::optional<Service> ServiceRegistry::FindService(long item) {
  auto rows = db_.Query("SELECT status, account, pricelist FROM service WHERE item = ?", {std::to_string(item)});
  if (rows.empty()) return std::nullopt;
  Service service;
  service.id = item;
  service.status = *rows[0][0];
  service.account = std::stol(*rows[0][1]);
  service.pricelist_id = std::stol(*rows[0][2]);
  for (const auto& row : db_.Query("SELECT kind, name, value, measure FROM service_value WHERE item = ?",
                                   {std::to_string(item)})) {
    const std::string& kind = *row[0];
    if (kind == "param") service.params.Set(*row[1], secrets_.Read(*row[1], *row[2]));
    if (kind == "pricelist") service.pricelist.Set(*row[1], *row[2]);
    // The amount reads back with the parser that took it from the panel, subnormals included.
    if (kind == "addon") service.addons[*row[1]] = Resource{ParseDecimal(*row[2]).value_or(0), *row[3]};
    if (kind == "choice") service.choices[*row[1]] = *row[2];
  }
  return service;
}

}  // namespace pm::core
