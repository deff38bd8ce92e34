// COREmanager's answer document: a <doc> tree rendered as XML (out=xml) or as the panel's JSON
// (out=json): {"doc":{…}}, an element's text under "$", its attributes as "$name", repeated
// elements (and `elem` always) as arrays.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vm5sim {

struct Element {
  std::string name;
  std::optional<std::string> text;  // nullopt: an empty element (a flag such as <ok/>)
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<Element> children;

  // Appends a child with text and returns it.
  Element& Add(const std::string& child, const std::string& value);
  // Appends an empty child (<ok/>, <installos/>) and returns it.
  Element& Flag(const std::string& child);
  // Appends an <elem> row for a list.
  Element& Row() { return Flag("elem"); }
  Element& Attribute(const std::string& key, const std::string& value);
  bool Has(const std::string& child) const;
};

std::string RenderXml(const Element& doc);
nlohmann::json RenderJson(const Element& doc);

}  // namespace vm5sim
