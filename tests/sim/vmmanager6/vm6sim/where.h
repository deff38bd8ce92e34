#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vm6sim {

// A parsed `where` filter:
//   expr  := and ( "OR" and )*        and := prim ( "AND" prim )*
//   prim  := "(" expr ")" | field OP value
//   OP    := EQ | NE | CP | GT | LT   value := 'quoted string' | number
// Fields are dotted paths into a list row (`account.id`). A row matches a term when the field
// exists and its JSON value, written as text (numbers in decimal, booleans true/false, null as
// "", arrays and objects as compact JSON), compares as asked: EQ/NE exactly, CP as SQL LIKE
// (`%` any run, `_` one character, case-insensitive), GT/LT numerically when both sides are
// integers, else by text.
class Filter {
 public:
  struct Node;
  // Throws ApiError 400 3019 when the text does not parse.
  static Filter Parse(const std::string& text);
  bool Matches(const nlohmann::json& row) const;

 private:
  std::shared_ptr<const Node> root_;
};

// The query string of a list request, decoded as a form (`+` is a space, %XX a byte).
std::map<std::string, std::string> ParseQuery(const std::string& raw);

// Answers a list: applies `where`, then `orderby` ("field [ASC|DESC]", comma-separated) and
// `limit` ("count" or "offset,count"); {"list": [...], "size": <rows matching where>}.
nlohmann::json ListReply(const std::vector<nlohmann::json>& rows,
                         const std::map<std::string, std::string>& query);

}  // namespace vm6sim
