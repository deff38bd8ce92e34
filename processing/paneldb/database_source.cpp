#include "paneldb/database_source.h"

#include <algorithm>
#include <string>

#include "core/error.h"
#include "core/numbers.h"
#include "paneldb/db_settings.h"

namespace pm::paneldb {
namespace {

// The addons of a service as ISPsystem's SDK reads them (notes billmanager-db §2.3): every
// addon tariff of the service's tariff, with the service's child item when it has one. Compound
// and manual addons are not resources; an inactive addon counts only when the service has it.
constexpr const char* kAddons =
    "SELECT IF(IFNULL(p.intname, '') = '', t.intname, p.intname), p.addontype, p.billtype,"
    " a.intvalue, IFNULL(a.addonlimit, p.addonlimit), IFNULL(a.addonlimit, IFNULL(p.addonmax, p.addonlimit)),"
    " IFNULL(ie.intname, pe.intname), IFNULL(a.boolvalue, p.addonbool), m.intname,"
    " IFNULL(a.addonmaxtrial, p.addonmaxtrial)"
    " FROM pricelist p"
    " LEFT JOIN item a ON a.pricelist = p.id AND a.parent = ?"
    " LEFT JOIN itemtype t ON t.id = p.itemtype"
    " LEFT JOIN enumerationitem ie ON ie.id = a.enumerationitem"
    " LEFT JOIN enumerationitem pe ON pe.id = p.enumerationitem"
    " LEFT JOIN measure m ON m.id = p.measure"
    " WHERE p.parent = ? AND p.billtype NOT IN (4, 10) AND (p.compound IS NULL OR a.id IS NOT NULL)"
    " AND (p.active = 'on' OR a.id IS NOT NULL)"
    " ORDER BY p.id";

// Addresses the panel assigned to the service: slots on its `ip` addon items (§2.7).
constexpr const char* kAddresses =
    "SELECT ip.name FROM ip JOIN item addon ON ip.item = addon.id"
    " JOIN pricelist p ON addon.pricelist = p.id JOIN itemtype t ON p.itemtype = t.id"
    " WHERE addon.parent = ? AND t.intname = 'ip' AND IFNULL(ip.name, '') <> '' ORDER BY ip.id";

constexpr long kTrialPeriod = -100;
constexpr const char* kInteger = "2";
constexpr const char* kEnumeration = "3";
constexpr const char* kBoolean = "1";
constexpr const char* kStatistic = "3";  // billtype

std::string Text(const Row& row, size_t i) { return row[i].value_or(""); }

double Amount(const std::optional<std::string>& text, const std::string& what) {
  if (!text || text->empty()) return 0;
  auto amount = common::ParseDecimal(*text);
  if (!amount) throw core::ValueError(what, "the panel's database holds '" + *text + "' as the amount of " + what);
  return *amount;
}

// Included + ordered for integer addons, clamped to the trial maximum on a trial (§2.3).
void AddAddon(core::Service& service, const Row& row, bool trial) {
  std::string name = Text(row, 0);
  if (name.empty()) return;
  std::string type = Text(row, 1);
  if (type == kEnumeration) {
    if (row[6]) service.choices[name] = *row[6];
  } else if (type == kBoolean) {
    if (row[7]) service.choices[name] = *row[7];
  } else if (Text(row, 2) == kStatistic) {
    service.addons[name] = core::Resource{Amount(row[5], name), Text(row, 8)};
  } else if (type == kInteger) {
    double amount = Amount(row[4], name) + Amount(row[3], name);
    if (trial && row[9] && !row[9]->empty()) amount = std::min(amount, Amount(row[9], name));
    service.addons[name] = core::Resource{amount, Text(row, 8)};
  }
}

core::Error NotInDatabase(const std::string& what, long id) {
  return core::Error(core::ErrorType::NotFound, what,
                     "the panel's database has no " + what + " " + std::to_string(id));
}

}  // namespace

DatabaseSource::DatabaseSource(std::string module_name, core::Panel& panel, core::Log& log, std::string mgr_root)
    : module_name_(std::move(module_name)), panel_(panel), log_(log), mgr_root_(std::move(mgr_root)) {}

DatabaseSource::~DatabaseSource() = default;

bool DatabaseSource::Connect() {
  if (db_) return true;
  auto settings = SettingsFrom(panel_.Read("paramlist", {}), mgr_root_);
  if (!settings) return false;
  log_.Redact(settings->password);
  db_ = std::make_unique<Database>(*settings);
  key_ = std::make_unique<CryptKey>(settings->crypt_key);
  return true;
}

core::Input DatabaseSource::Load(const core::Args& args) {
  if (!args.item && !args.module) {
    throw core::Error(core::ErrorType::Xml, "doc",
                      "command '" + args.command + "' got neither a document on stdin nor --item or --module");
  }
  if (!Connect()) {
    throw core::Error(core::ErrorType::Connection, "database",
                      "command '" + args.command + "' got no document, and the panel names no database to read");
  }
  core::Input input;
  long module = args.module.value_or(0);
  if (args.item) {
    long owner = 0;
    input.item = Service(*args.item, owner);
    if (args.module && *args.module != owner) {
      throw core::ValueError("module", "service " + std::to_string(*args.item) + " belongs to processing module " +
                                           std::to_string(owner) + ", not " + std::to_string(*args.module));
    }
    module = owner;
    // A stock panel's changepassword names the new password here, crypted, before it is stored.
    if (args.password) input.item->params.Set("password", key_->Decrypt("password", *args.password));
  }
  input.module = Module(module);
  return input;
}

std::vector<long> DatabaseSource::ModuleIds() {
  std::vector<long> ids;
  for (const auto& row : db_->Query("SELECT id FROM processingmodule WHERE module = ? ORDER BY id", {module_name_})) {
    ids.push_back(std::stol(Text(row, 0)));
  }
  return ids;
}

core::ModuleConfig DatabaseSource::Module(long id) {
  auto rows = db_->Query("SELECT module FROM processingmodule WHERE id = ?", {std::to_string(id)});
  if (rows.empty()) throw NotInDatabase("processingmodule", id);
  if (Text(rows[0], 0) != module_name_) {
    throw core::Error(core::ErrorType::Access, "processingmodule",
                      "processing module " + std::to_string(id) + " is a '" + Text(rows[0], 0) + "' module, not " +
                          module_name_);
  }
  core::ModuleConfig module;
  module.id = id;
  for (const auto& row : db_->Query("SELECT intname, value FROM processingparam WHERE processingmodule = ?",
                                    {std::to_string(id)})) {
    module.params.Set(Text(row, 0), Text(row, 1));
  }
  for (const auto& row : db_->Query("SELECT intname, value FROM processingcryptedparam WHERE processingmodule = ?",
                                    {std::to_string(id)})) {
    module.params.Set(Text(row, 0), key_->Decrypt(Text(row, 0), Text(row, 1)));
  }
  return module;
}

core::Service DatabaseSource::Service(long id, long& module) {
  std::string item = std::to_string(id);
  auto rows = db_->Query("SELECT status, account, pricelist, processingmodule, period FROM item WHERE id = ?", {item});
  if (rows.empty()) throw NotInDatabase("item", id);
  const Row& row = rows[0];
  if (!row[3]) throw core::Error(core::ErrorType::Value, "item", "service " + item + " has no processing module yet");
  core::Service service;
  service.id = id;
  service.status = Text(row, 0);
  service.account = std::stol(row[1].value_or("0"));
  service.pricelist_id = std::stol(row[2].value_or("0"));
  module = std::stol(*row[3]);
  bool trial = row[4] && *row[4] == std::to_string(kTrialPeriod);
  std::string pricelist = std::to_string(service.pricelist_id);
  for (const auto& param : db_->Query("SELECT intname, value FROM pricelistparam WHERE pricelist = ?", {pricelist})) {
    service.pricelist.Set(Text(param, 0), Text(param, 1));
  }
  for (const auto& param : db_->Query("SELECT intname, value FROM itemparam WHERE item = ?", {item})) {
    service.params.Set(Text(param, 0), Text(param, 1));
  }
  for (const auto& param : db_->Query("SELECT intname, value FROM itemcryptedparam WHERE item = ?", {item})) {
    service.params.Set(Text(param, 0), key_->Decrypt(Text(param, 0), Text(param, 1)));
  }
  for (const auto& addon : db_->Query(kAddons, {item, pricelist})) AddAddon(service, addon, trial);
  if (!service.params.Find("email")) {
    auto users = db_->Query("SELECT email FROM user WHERE account = ? ORDER BY id LIMIT 1",
                            {std::to_string(service.account)});
    if (!users.empty() && users[0][0]) service.params.Set("email", *users[0][0]);
  }
  if (!service.params.Find("ip")) {
    auto addresses = db_->Query(kAddresses, {item});
    if (!addresses.empty()) service.params.Set("ip", Text(addresses[0], 0));
  }
  return service;
}

}  // namespace pm::paneldb
