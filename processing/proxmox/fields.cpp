#include "proxmox/fields.h"

#include "common/numbers.h"
#include "proxmox/errors.h"

namespace pm::proxmox {

long long NumberField(const nlohmann::json& row, const char* key) {
  if (!row.contains(key)) return 0;
  const auto& value = row[key];
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_number_float()) {
    double number = value.get<double>();
    // Outside this range the conversion is undefined; no field we read gets there.
    return number > -9e18 && number < 9e18 ? static_cast<long long>(number) : 0;
  }
  if (value.is_string()) return common::ParseWhole(value.get<std::string>(), LLONG_MIN, LLONG_MAX).value_or(0);
  return 0;
}

std::string TextField(const nlohmann::json& row, const char* key) {
  return row.contains(key) && row[key].is_string() ? row[key].get<std::string>() : "";
}

bool FlagField(const nlohmann::json& row, const char* key) {
  if (row.contains(key) && row[key].is_boolean()) return row[key].get<bool>();
  return NumberField(row, key) != 0;
}

nlohmann::json Rows(nlohmann::json answer) {
  if (answer.is_null()) return nlohmann::json::array();
  if (!answer.is_array()) throw UnexpectedAnswer("Proxmox answered a listing with " + std::string(answer.type_name()));
  return answer;
}

nlohmann::json Object(nlohmann::json answer) {
  if (!answer.is_object()) throw UnexpectedAnswer("Proxmox answered " + std::string(answer.type_name()) + " instead of an object");
  return answer;
}

std::optional<std::string> UpidOrDone(const nlohmann::json& answer) {
  if (answer.is_null()) return std::nullopt;
  if (answer.is_string() && answer.get<std::string>().rfind("UPID:", 0) == 0) return answer.get<std::string>();
  throw UnexpectedAnswer("Proxmox answered " + answer.dump() + " where a task id or nothing was due");
}

}  // namespace pm::proxmox
