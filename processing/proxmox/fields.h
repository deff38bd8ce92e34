// Reading PVE's JSON answers: numbers arrive as numbers from PVE but as strings from some
// proxies, optional fields may be missing altogether, and an answer the schema allows to be null
// (a task that finished within the request) is read as such. An answer of a shape the schema
// does not allow is UnexpectedAnswer, never a JSON library error.
#pragma once

#include <climits>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace pm::proxmox {

// The field as a number whether sent as a number or a numeric string; 0 when absent or not numeric.
long long NumberField(const nlohmann::json& row, const char* key);
// The field if it is a string, else "".
std::string TextField(const nlohmann::json& row, const char* key);
// PVE sends booleans as 1/0; true/false and "1" are read too; absent is false.
bool FlagField(const nlohmann::json& row, const char* key);

// The rows of a listing; null reads as none. By value: `for (row : Rows(api.Get(…)))` must not
// iterate a temporary that is gone.
nlohmann::json Rows(nlohmann::json answer);
// An answer that must be an object.
nlohmann::json Object(nlohmann::json answer);
// The UPID of a task PVE started, or nullopt when it answered null because the work was done
// within the request (a DELETE of a volume with `delay`, a config POST with `background_delay`).
std::optional<std::string> UpidOrDone(const nlohmann::json& answer);

}  // namespace pm::proxmox
