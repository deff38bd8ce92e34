// Reading fields of PVE's JSON rows: numbers arrive as numbers from PVE but as strings from some
// proxies, and optional fields may be missing altogether.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pm::proxmox {

// The field as a number whether sent as a number or a numeric string; 0 when absent or not numeric.
long long NumberField(const nlohmann::json& row, const char* key);
// The field if it is a string, else "".
std::string TextField(const nlohmann::json& row, const char* key);
// PVE sends booleans as 1/0; true/false and "1" are read too; absent is false.
bool FlagField(const nlohmann::json& row, const char* key);

}  // namespace pm::proxmox
