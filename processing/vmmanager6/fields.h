// Reading fields of VMmanager's answers: a value of the wrong type is an UnexpectedAnswer naming
// the field, never a JSON library error; a field the platform leaves out or sends as null reads
// as absent.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pm::vmmanager6 {

// The `list` array of a list answer. By value: callers loop over ListOf(api.Get(…)), and a
// reference into that temporary answer would dangle inside the loop.
nlohmann::json ListOf(nlohmann::json reply, const std::string& what);

long long Id(const nlohmann::json& row, const std::string& field);  // required whole number
std::optional<long long> OptId(const nlohmann::json& row, const std::string& field);
std::string Text(const nlohmann::json& row, const std::string& field);  // "" when absent or null
bool Flag(const nlohmann::json& row, const std::string& field);         // false when absent or null
// The ids of an array of numbers or of objects with `id` ([1,2] or [{"id":1},{"id":2}]).
std::vector<long long> Ids(const nlohmann::json& row, const std::string& field);

}  // namespace pm::vmmanager6
