// The rows of a listing read one at a time from the answer's text, so that a listing of thousands
// of VMs is never held as one JSON tree: only the current row is (GET /cluster/resources answers
// about 300 bytes per VM, its tree takes ten times that).
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace pm::proxmox {

using RowSink = std::function<void(const nlohmann::json& row)>;

// Calls `sink` with each element of the answer's top-level "data" array, in order. A null or
// absent "data" has no rows; text that is not such an answer is UnexpectedAnswer.
void ForEachDataRow(const std::string& body, const RowSink& sink);

}  // namespace pm::proxmox
