#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vm6sim {

enum class FieldType { kString, kInteger, kBoolean, kIntegerArray, kObject, kObjectArray };

// One property of a request body. `nested` describes the properties of an object, or of each
// object in an array of objects.
struct Field {
  std::string name;
  FieldType type;
  bool required = false;
  bool nullable = false;  // null is accepted (and means "not set")
  const std::vector<Field>* nested = nullptr;
};
using Schema = std::vector<Field>;

// Checks a POST body the way the platform's API proxy does, level by level: a property the
// schema does not know is 400 3008 "PROXY-3008: Unexpected property '<name>'"; a value of the
// wrong JSON type 400 3007; a missing required property 400 3006. Nested names are written
// `start_time.hour`, `recipe_list[0].recipe`. `body` must already be an object.
void CheckBody(const nlohmann::json& body, const Schema& schema);

// 400 3008 for a property that is valid in general but not in this combination.
[[noreturn]] void ThrowUnexpected(const std::string& name);

const char* TypeName(FieldType type);

}  // namespace vm6sim
