#include "vm5sim/document.h"

#include <algorithm>
#include <set>

namespace vm5sim {

namespace {

std::string Escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void AppendXml(const Element& element, std::string& out) {
  out += "<" + element.name;
  for (const auto& [key, value] : element.attributes)
    out += " " + key + "=\"" + Escape(value) + "\"";
  if (!element.text && element.children.empty()) {
    out += "/>";
    return;
  }
  out += ">";
  if (element.text) out += Escape(*element.text);
  for (const Element& child : element.children) AppendXml(child, out);
  out += "</" + element.name + ">";
}

nlohmann::json ElementJson(const Element& element) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : element.attributes) out["$" + key] = value;
  if (element.text) out["$"] = *element.text;
  // `elem` is a list's row: an array even with one row, so that clients index it the same way.
  std::set<std::string> arrays = {"elem"};
  std::set<std::string> seen;
  for (const Element& child : element.children) {
    if (!seen.insert(child.name).second) arrays.insert(child.name);
  }
  for (const Element& child : element.children) {
    if (arrays.count(child.name)) {
      out[child.name].push_back(ElementJson(child));
    } else {
      out[child.name] = ElementJson(child);
    }
  }
  return out;
}

}  // namespace

Element& Element::Add(const std::string& child, const std::string& value) {
  children.push_back(Element{child, value, {}, {}});
  return children.back();
}

Element& Element::Flag(const std::string& child) {
  children.push_back(Element{child, std::nullopt, {}, {}});
  return children.back();
}

Element& Element::Attribute(const std::string& key, const std::string& value) {
  attributes.emplace_back(key, value);
  return *this;
}

bool Element::Has(const std::string& child) const {
  return std::any_of(children.begin(), children.end(),
                     [&](const Element& element) { return element.name == child; });
}

std::string RenderXml(const Element& doc) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  AppendXml(doc, out);
  return out + "\n";
}

nlohmann::json RenderJson(const Element& doc) { return {{doc.name, ElementJson(doc)}}; }

}  // namespace vm5sim
