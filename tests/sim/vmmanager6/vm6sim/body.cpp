#include "vm6sim/body.h"

#include "vm6sim/errors.h"

namespace vm6sim {

namespace {

ApiError WrongType(const std::string& name, const char* expected) {
  return ApiError(400, code::kWrongType,
                  "PROXY-3007: Property '" + name + "' must be of type " + expected,
                  {{"property", name}, {"expected", expected}});
}

void CheckLevel(const nlohmann::json& body, const Schema& schema, const std::string& prefix);

void CheckObject(const nlohmann::json& value, const Field& field, const std::string& name) {
  if (!value.is_object()) throw WrongType(name, "object");
  if (field.nested) CheckLevel(value, *field.nested, name + ".");
}

void CheckType(const nlohmann::json& value, const Field& field, const std::string& name) {
  if (value.is_null() && field.nullable) return;
  switch (field.type) {
    case FieldType::kString:
      if (!value.is_string()) throw WrongType(name, "string");
      return;
    case FieldType::kInteger:
      if (!value.is_number_integer()) throw WrongType(name, "integer");
      return;
    case FieldType::kBoolean:
      if (!value.is_boolean()) throw WrongType(name, "boolean");
      return;
    case FieldType::kIntegerArray:
      if (!value.is_array()) throw WrongType(name, "array");
      for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_number_integer())
          throw WrongType(name + "[" + std::to_string(i) + "]", "integer");
      }
      return;
    case FieldType::kObject:
      CheckObject(value, field, name);
      return;
    case FieldType::kObjectArray:
      if (!value.is_array()) throw WrongType(name, "array");
      for (size_t i = 0; i < value.size(); ++i)
        CheckObject(value[i], field, name + "[" + std::to_string(i) + "]");
      return;
  }
}

void CheckLevel(const nlohmann::json& body, const Schema& schema, const std::string& prefix) {
  auto find = [&](const std::string& key) -> const Field* {
    for (const Field& field : schema) {
      if (field.name == key) return &field;
    }
    return nullptr;
  };
  for (const auto& [key, value] : body.items()) {
    if (!find(key)) ThrowUnexpected(prefix + key);
  }
  for (const auto& [key, value] : body.items()) CheckType(value, *find(key), prefix + key);
  for (const Field& field : schema) {
    if (field.required && !body.contains(field.name)) {
      std::string name = prefix + field.name;
      throw ApiError(400, code::kMissingProperty,
                     "PROXY-3006: Missing required property '" + name + "'", {{"property", name}});
    }
  }
}

}  // namespace

void ThrowUnexpected(const std::string& name) {
  throw ApiError(400, code::kUnexpectedProperty, "PROXY-3008: Unexpected property '" + name + "'",
                 {{"property", name}});
}

void CheckBody(const nlohmann::json& body, const Schema& schema) { CheckLevel(body, schema, ""); }

const char* TypeName(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "string";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kBoolean:
      return "boolean";
    case FieldType::kIntegerArray:
    case FieldType::kObjectArray:
      return "array";
    case FieldType::kObject:
      return "object";
  }
  return "unknown";
}

}  // namespace vm6sim
