#include "panel_rows.h"

#include <pugixml.hpp>

#include <cstdlib>
#include <map>
#include <stdexcept>

namespace pm::contract {
namespace {

constexpr const char* kTables[] = {"itemtype", "measure", "enumerationitem", "account", "user",
                                   "processingmodule", "processingparam", "processingcryptedparam",
                                   "pricelist", "pricelistparam", "item", "itemparam", "itemcryptedparam", "ip"};
constexpr int kTariffType = 1;

bool IsAmount(const std::string& text) {
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return !text.empty() && end && *end == '\0';
}

void StoreModule(test::PanelDatabase& db, pugi::xml_node module, const std::string& module_name,
                 const std::set<std::string>& crypted) {
  std::string id = module.attribute("id").value();
  db.Exec("INSERT INTO processingmodule (id, name, module) VALUES (?, ?, ?)", {id, "Module " + id, module_name});
  for (auto field : module.children()) {
    if (field.type() != pugi::node_element) continue;
    std::string name = field.name(), value = field.text().get();
    if (crypted.count(name)) {
      db.Exec("INSERT INTO processingcryptedparam VALUES (?, ?, ?)", {id, name, value.empty() ? "" : db.Encrypt(value)});
    } else {
      db.Exec("INSERT INTO processingparam VALUES (?, ?, ?)", {id, name, value});
    }
  }
}

// One addon tariff per addon and the service's child item on it: one unit included in the
// tariff, the rest ordered, so that the source must add them up; a name is an enumeration value.
void StoreAddon(test::PanelDatabase& db, int index, const std::string& item, const std::string& tariff,
                pugi::xml_node addon, std::map<std::string, std::string>& measures) {
  std::string n = std::to_string(index);
  std::string name = addon.attribute("name").value(), value = addon.text().get();
  std::string type = std::to_string(100 + index), addon_tariff = std::to_string(1000 + index);
  db.Exec("INSERT INTO itemtype VALUES (?, ?)", {type, name});
  if (!IsAmount(value)) {
    std::string choice = std::to_string(3000 + index);
    db.Exec("INSERT INTO enumerationitem VALUES (?, ?)", {choice, value});
    db.Exec("INSERT INTO pricelist (id, parent, itemtype, intname, addontype) VALUES (?, ?, ?, ?, 3)",
            {addon_tariff, tariff, type, name});
    db.Exec("INSERT INTO item (id, parent, pricelist, enumerationitem) VALUES (?, ?, ?, ?)",
            {std::to_string(5000 + index), item, addon_tariff, choice});
    return;
  }
  std::string measure = addon.attribute("measure").value();
  std::string measure_id = "NULL";
  if (!measure.empty()) {
    auto [it, added] = measures.emplace(measure, std::to_string(10 + measures.size()));
    if (added) db.Exec("INSERT INTO measure (id, intname) VALUES (?, ?)", {it->second, measure});
    measure_id = it->second;
  }
  double amount = std::strtod(value.c_str(), nullptr);
  std::string included = amount >= 1 ? "1" : "0";
  db.Exec("INSERT INTO pricelist (id, parent, itemtype, intname, addontype, addonlimit, measure) VALUES"
          " (?, ?, ?, ?, 2, ?, " + measure_id + ")",
          {addon_tariff, tariff, type, name, included});
  db.Exec("INSERT INTO item (id, parent, pricelist, intvalue) VALUES (?, ?, ?, ? - ?)",
          {std::to_string(5000 + index), item, addon_tariff, value, included});
}

void StoreService(test::PanelDatabase& db, pugi::xml_node item, const std::string& module) {
  std::string id = item.attribute("id").value();
  std::string account = item.attribute("account") ? item.attribute("account").value() : "1";
  auto pricelist = item.child("pricelist");
  std::string tariff = pricelist && pricelist.attribute("id") ? pricelist.attribute("id").value() : "12";
  db.Exec("INSERT INTO account VALUES (?, 'client')", {account});
  db.Exec("INSERT INTO pricelist (id, itemtype, intname) VALUES (?, ?, 'vps')", {tariff, std::to_string(kTariffType)});
  for (auto param : pricelist.children("param")) {
    db.Exec("INSERT INTO pricelistparam VALUES (?, ?, ?)", {tariff, param.attribute("name").value(), param.text().get()});
  }
  db.Exec("INSERT INTO item (id, account, pricelist, processingmodule, status) VALUES (?, ?, ?, ?, 2)",
          {id, account, tariff, module});
  for (auto param : item.children("param")) {
    std::string name = param.attribute("name").value(), value = param.text().get();
    if (name == "email") {
      db.Exec("INSERT INTO user VALUES (1, ?, 'client', ?)", {account, value});
    } else if (name == "password") {
      db.Exec("INSERT INTO itemcryptedparam VALUES (?, ?, ?)", {id, name, value.empty() ? "" : db.Encrypt(value)});
    } else {
      db.Exec("INSERT INTO itemparam (item, intname, value) VALUES (?, ?, ?)", {id, name, value});
    }
  }
  std::map<std::string, std::string> measures;
  int index = 0;
  for (auto addon : item.children("addon")) StoreAddon(db, ++index, id, tariff, addon, measures);
}

}  // namespace

void StoreDocument(test::PanelDatabase& db, const std::string& document, const std::string& module_name,
                   const std::set<std::string>& crypted) {
  pugi::xml_document doc;
  if (!doc.load_string(document.c_str())) throw std::runtime_error("StoreDocument: not a document: " + document);
  for (const char* table : kTables) db.Exec(std::string("DELETE FROM ") + table);
  db.Exec("INSERT INTO itemtype VALUES (?, 'vds')", {std::to_string(kTariffType)});
  auto module = doc.child("doc").child("processingmodule");
  if (module) StoreModule(db, module, module_name, crypted);
  if (auto item = doc.child("doc").child("item")) StoreService(db, item, module.attribute("id").value());
}

}  // namespace pm::contract
