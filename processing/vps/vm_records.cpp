#include "vps/vm_records.h"

#include <stdexcept>

namespace pm::vps {
namespace {

constexpr const char* kColumns = "item, module, vmid, node, phase, mac, ip, onboot, password";

// Stored as text, as the first versions of the module wrote it.
const char* PhaseName(VmPhase phase) {
  switch (phase) {
    case VmPhase::Planned: return "planned";
    case VmPhase::Active: return "active";
    case VmPhase::Suspended: return "suspended";
  }
  return "active";
}

VmPhase PhaseFrom(const std::string& text) {
  if (text == "planned") return VmPhase::Planned;
  if (text == "suspended") return VmPhase::Suspended;
  if (text == "active") return VmPhase::Active;
  throw std::runtime_error("unknown VM phase '" + text + "' in the state");
}

VmRecord FromRow(const core::SqlRow& row) {
  auto text = [&](size_t i) { return row[i].value_or(""); };
  return VmRecord{std::stol(text(0)), std::stol(text(1)), std::stoi(text(2)), text(3), PhaseFrom(text(4)),
                  text(5),            text(6),            text(7),            text(8)};
}

}  // namespace

VmRecords::VmRecords(core::Sqlite& db) : db_(db) {
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS vm ("
      " item INTEGER PRIMARY KEY, module INTEGER NOT NULL, vmid INTEGER NOT NULL, node TEXT NOT NULL,"
      " phase TEXT NOT NULL, mac TEXT NOT NULL DEFAULT '', ip TEXT NOT NULL DEFAULT '',"
      " onboot TEXT NOT NULL DEFAULT '', password TEXT NOT NULL DEFAULT '')");
}

std::optional<VmRecord> VmRecords::Find(long item) {
  auto rows = db_.Query(std::string("SELECT ") + kColumns + " FROM vm WHERE item = ?", {std::to_string(item)});
  if (rows.empty()) return std::nullopt;
  return FromRow(rows[0]);
}

std::vector<VmRecord> VmRecords::OfModule(long module) {
  std::vector<VmRecord> records;
  for (const auto& row :
       db_.Query(std::string("SELECT ") + kColumns + " FROM vm WHERE module = ? ORDER BY item", {std::to_string(module)})) {
    records.push_back(FromRow(row));
  }
  return records;
}

void VmRecords::Save(const VmRecord& r) {
  db_.Exec(std::string("INSERT OR REPLACE INTO vm (") + kColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
           {std::to_string(r.item), std::to_string(r.module), std::to_string(r.vmid), r.node, PhaseName(r.phase),
            r.mac, r.ip, r.before_suspend, r.password});
}

void VmRecords::Forget(long item) { db_.Exec("DELETE FROM vm WHERE item = ?", {std::to_string(item)}); }

}  // namespace pm::vps
