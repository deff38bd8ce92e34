#include "proxmox/fields.h"

namespace pm::proxmox {

long long NumberField(const nlohmann::json& row, const char* key) {
  if (!row.contains(key)) return 0;
  const auto& value = row[key];
  if (value.is_number()) return value.get<long long>();
  if (value.is_string()) {
    try {
      return std::stoll(value.get<std::string>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

std::string TextField(const nlohmann::json& row, const char* key) {
  return row.contains(key) && row[key].is_string() ? row[key].get<std::string>() : "";
}

bool FlagField(const nlohmann::json& row, const char* key) {
  if (row.contains(key) && row[key].is_boolean()) return row[key].get<bool>();
  return NumberField(row, key) != 0;
}

}  // namespace pm::proxmox
