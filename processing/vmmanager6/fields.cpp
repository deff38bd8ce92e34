#include "vmmanager6/fields.h"

#include "vmmanager6/errors.h"

namespace pm::vmmanager6 {
namespace {

[[noreturn]] void Wrong(const std::string& field, const std::string& expected, const nlohmann::json& value) {
  throw UnexpectedAnswer("VMmanager sent " + field + " = " + value.dump().substr(0, 80) + ", not " + expected);
}

const nlohmann::json* Field(const nlohmann::json& row, const std::string& field) {
  if (!row.is_object()) Wrong(field + "'s row", "an object", row);
  auto found = row.find(field);
  if (found == row.end() || found->is_null()) return nullptr;
  return &*found;
}

}  // namespace

nlohmann::json ListOf(nlohmann::json reply, const std::string& what) {
  if (!reply.is_object() || !reply.contains("list") || !reply["list"].is_array()) {
    throw UnexpectedAnswer("VMmanager's " + what + " answer has no list");
  }
  return std::move(reply["list"]);
}

long long Id(const nlohmann::json& row, const std::string& field) {
  auto id = OptId(row, field);
  if (!id) throw UnexpectedAnswer("VMmanager's answer has no " + field);
  return *id;
}

std::optional<long long> OptId(const nlohmann::json& row, const std::string& field) {
  const nlohmann::json* value = Field(row, field);
  if (!value) return std::nullopt;
  if (!value->is_number_integer()) Wrong(field, "a whole number", *value);
  return value->get<long long>();
}

std::string Text(const nlohmann::json& row, const std::string& field) {
  const nlohmann::json* value = Field(row, field);
  if (!value) return "";
  if (!value->is_string()) Wrong(field, "text", *value);
  return value->get<std::string>();
}

bool Flag(const nlohmann::json& row, const std::string& field) {
  const nlohmann::json* value = Field(row, field);
  if (!value) return false;
  if (!value->is_boolean()) Wrong(field, "true or false", *value);
  return value->get<bool>();
}

std::vector<long long> Ids(const nlohmann::json& row, const std::string& field) {
  const nlohmann::json* value = Field(row, field);
  std::vector<long long> ids;
  if (!value) return ids;
  if (!value->is_array()) Wrong(field, "a list", *value);
  for (const auto& element : *value) {
    if (element.is_number_integer()) {
      ids.push_back(element.get<long long>());
    } else {
      ids.push_back(Id(element, "id"));
    }
  }
  return ids;
}

}  // namespace pm::vmmanager6
