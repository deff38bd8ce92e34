#include "vps/pool/store.h"

#include <stdexcept>
#include <string_view>

namespace pm::vps::pool {
namespace {

constexpr const char* kSlotColumns =
    "slot, module, vmid, os, cores, memory_mib, disk_mib, preset, created, state, taken_by";

const char* StateName(SlotState state) {
  switch (state) {
    case SlotState::Planned: return "planned";
    case SlotState::Creating: return "creating";
    case SlotState::Ready: return "ready";
    case SlotState::Broken: return "broken";
    case SlotState::Deleting: return "deleting";
  }
  return "planned";
}

SlotState StateFrom(const std::string& text) {
  for (auto state : {SlotState::Planned, SlotState::Creating, SlotState::Ready, SlotState::Broken, SlotState::Deleting}) {
    if (text == StateName(state)) return state;
  }
  throw std::runtime_error("unknown pool slot state '" + text + "' in the state");
}

std::vector<core::SqlValue> ConfigurationValues(const Configuration& c) {
  return {c.os, std::to_string(c.cores), std::to_string(c.memory_mib), std::to_string(c.disk_mib), c.preset};
}

Configuration ConfigurationFrom(const core::SqlRow& row, size_t first) {
  auto text = [&](size_t i) { return row[first + i].value_or(""); };
  return {text(0), std::stoll(text(1)), std::stoll(text(2)), std::stoll(text(3)), text(4)};
}

Slot SlotFrom(const core::SqlRow& row) {
  auto text = [&](size_t i) { return row[i].value_or("0"); };
  return Slot{std::stoll(text(0)),  std::stol(text(1)),          std::stoll(text(2)), ConfigurationFrom(row, 3),
              std::stoll(text(8)), StateFrom(row[9].value_or("")), std::stol(text(10))};
}

}  // namespace

constexpr std::string_view kSlotPrefix = "pool-";

std::string SlotName(long long slot) { return std::string(kSlotPrefix) + std::to_string(slot); }

bool IsSlotName(const std::string& name) { return name.rfind(kSlotPrefix, 0) == 0; }

PoolStore::PoolStore(core::Sqlite& db) : db_(db) {
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS pool_sale (item INTEGER PRIMARY KEY, module INTEGER NOT NULL, os TEXT NOT NULL,"
      " cores INTEGER NOT NULL, memory_mib INTEGER NOT NULL, disk_mib INTEGER NOT NULL, preset TEXT NOT NULL,"
      " sold_at INTEGER NOT NULL)");
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS pool_slot (slot INTEGER PRIMARY KEY AUTOINCREMENT, module INTEGER NOT NULL,"
      " vmid INTEGER NOT NULL DEFAULT 0, os TEXT NOT NULL, cores INTEGER NOT NULL, memory_mib INTEGER NOT NULL,"
      " disk_mib INTEGER NOT NULL, preset TEXT NOT NULL, created INTEGER NOT NULL, state TEXT NOT NULL,"
      " taken_by INTEGER NOT NULL DEFAULT 0)");
}

void PoolStore::RecordSale(long module, long item, const Configuration& configuration, std::int64_t at) {
  auto values = ConfigurationValues(configuration);
  values.insert(values.begin(), {std::to_string(item), std::to_string(module)});
  values.push_back(std::to_string(at));
  db_.Exec("INSERT OR IGNORE INTO pool_sale (item, module, os, cores, memory_mib, disk_mib, preset, sold_at)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
           values);
}

std::vector<pm::pool::Sale> PoolStore::Sales(long module) {
  std::vector<pm::pool::Sale> sales;
  for (const auto& row : db_.Query("SELECT os, cores, memory_mib, disk_mib, preset, sold_at FROM pool_sale"
                                   " WHERE module = ?",
                                   {std::to_string(module)})) {
    sales.push_back({ConfigurationFrom(row, 0), std::stoll(row[5].value_or("0"))});
  }
  return sales;
}

void PoolStore::ForgetSalesBefore(long module, std::int64_t at) {
  db_.Exec("DELETE FROM pool_sale WHERE module = ? AND sold_at < ?", {std::to_string(module), std::to_string(at)});
}

Slot PoolStore::Plan(long module, const Configuration& configuration, std::int64_t now) {
  auto values = ConfigurationValues(configuration);
  values.insert(values.begin(), std::to_string(module));
  values.push_back(std::to_string(now));
  db_.Exec("INSERT INTO pool_slot (module, os, cores, memory_mib, disk_mib, preset, created, state)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, 'planned')",
           values);
  auto rows = db_.Query(std::string("SELECT ") + kSlotColumns + " FROM pool_slot WHERE slot = last_insert_rowid()");
  return SlotFrom(rows.at(0));
}

void PoolStore::Save(const Slot& slot) {
  db_.Exec("UPDATE pool_slot SET vmid = ?, state = ? WHERE slot = ?",
           {std::to_string(slot.vmid), StateName(slot.state), std::to_string(slot.id)});
}

void PoolStore::Forget(long long slot) { db_.Exec("DELETE FROM pool_slot WHERE slot = ?", {std::to_string(slot)}); }

std::vector<Slot> PoolStore::Slots(long module) {
  std::vector<Slot> slots;
  for (const auto& row : db_.Query(std::string("SELECT ") + kSlotColumns + " FROM pool_slot WHERE module = ? ORDER BY slot",
                                   {std::to_string(module)})) {
    slots.push_back(SlotFrom(row));
  }
  return slots;
}

bool PoolStore::StartDeleting(long long slot) {
  db_.Exec("UPDATE pool_slot SET state = 'deleting' WHERE slot = ? AND taken_by = 0", {std::to_string(slot)});
  return db_.Changes() == 1;
}

void PoolStore::Abandon(long long slot) {
  db_.Exec("UPDATE pool_slot SET state = 'deleting', taken_by = 0 WHERE slot = ?", {std::to_string(slot)});
}

std::optional<Slot> PoolStore::Claim(long module, long item, const Configuration& configuration) {
  std::optional<Slot> claimed;
  db_.Transaction([&] {
    auto values = ConfigurationValues(configuration);
    values.insert(values.begin(), std::to_string(module));
    auto held = db_.Query(std::string("SELECT ") + kSlotColumns + " FROM pool_slot WHERE module = ? AND taken_by = ?",
                          {std::to_string(module), std::to_string(item)});
    if (!held.empty()) {
      claimed = SlotFrom(held[0]);
      return;
    }
    auto ready = db_.Query(std::string("SELECT ") + kSlotColumns +
                               " FROM pool_slot WHERE module = ? AND os = ? AND cores = ? AND memory_mib = ?"
                               " AND disk_mib = ? AND preset = ? AND state = 'ready' AND taken_by = 0"
                               " ORDER BY created, slot LIMIT 1",
                           values);
    if (ready.empty()) return;
    claimed = SlotFrom(ready[0]);
    claimed->taken_by = item;
    db_.Exec("UPDATE pool_slot SET taken_by = ? WHERE slot = ?", {std::to_string(item), std::to_string(claimed->id)});
  });
  return claimed;
}

}  // namespace pm::vps::pool
