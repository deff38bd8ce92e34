// Checks every module's BILLmanager descriptor shares: the helpers that read a descriptor (its
// metadata, fields, controls and messages) and compare what it has with what it must have,
// each naming every culprit. The tests of each descriptor state what their module must have.
#pragma once


#include <pugixml.hpp>

#include <set>
#include <string>
#include <vector>

namespace descriptor_checks {

using Names = std::set<std::string>;
using Problems = std::vector<std::string>;

// Contract §4.
inline const std::vector<std::string> kErrorTypes = {"xml",    "missed", "value", "auth",  "connection", "locked",
                                              "notfound", "access", "quota", "api", "internal"};
inline const std::vector<std::string> kLangs = {"en", "ru"};

inline Names Minus(const Names& a, const Names& b) {
  Names out;
  for (const auto& x : a)
    if (!b.count(x)) out.insert(x);
  return out;
}

inline Names Union(const Names& a, const Names& b) {
  Names out = a;
  out.insert(b.begin(), b.end());
  return out;
}

inline std::string Join(const Names& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

inline std::string Join(const Problems& problems) {
  std::string out;
  for (const auto& p : problems) out += "\n  " + p;
  return out;
}

// Compares what a form has with what it must have and names every difference.
inline Problems CompareSets(const std::string& what, const Names& actual, const Names& expected) {
  Problems out;
  if (auto missing = Minus(expected, actual); !missing.empty()) out.push_back(what + " lacks: " + Join(missing));
  if (auto extra = Minus(actual, expected); !extra.empty()) out.push_back(what + " has unexpected: " + Join(extra));
  return out;
}

inline pugi::xml_node Metadata(const pugi::xml_document& doc, const std::string& name) {
  return doc.child("mgrdata").find_child_by_attribute("metadata", "name", name.c_str());
}

// The control of a <field>: its <input>, <select> or <textarea>.
inline pugi::xml_node Control(pugi::xml_node field) {
  for (auto child : field.children()) {
    const std::string tag = child.name();
    if (tag == "input" || tag == "select" || tag == "textarea") return child;
  }
  return {};
}

inline std::vector<pugi::xml_node> Fields(pugi::xml_node metadata) {
  std::vector<pugi::xml_node> out;
  for (const auto& x : metadata.select_nodes(".//field")) out.push_back(x.node());
  return out;
}

inline Names FieldNames(pugi::xml_node metadata) {
  Names out;
  for (auto field : Fields(metadata)) out.insert(field.attribute("name").value());
  return out;
}

// Each field has exactly one control, named like the field, and no name appears twice: the
// panel sends the control's name, so a mismatch would silently drop the value.
inline Problems FieldShapeProblems(pugi::xml_node metadata) {
  Problems out;
  Names seen;
  for (auto field : Fields(metadata)) {
    const std::string name = field.attribute("name").value();
    if (!seen.insert(name).second) out.push_back("field '" + name + "' appears twice");
    auto control = Control(field);
    if (!control) {
      out.push_back("field '" + name + "' has no input/select/textarea");
    } else if (name != control.attribute("name").value()) {
      out.push_back("field '" + name + "' holds a control named '" + control.attribute("name").value() + "'");
    }
  }
  return out;
}

inline Names PasswordFields(pugi::xml_node metadata) {
  Names out;
  for (auto field : Fields(metadata)) {
    auto control = Control(field);
    if (std::string(control.name()) == "input" && std::string(control.attribute("type").value()) == "password")
      out.insert(field.attribute("name").value());
  }
  return out;
}

// Text of <lang name=lang><messages name=section><msg name=name>, or "" when absent.
inline std::string Message(const pugi::xml_document& doc, const std::string& lang, const std::string& section,
                    const std::string& name) {
  for (auto l : doc.child("mgrdata").children("lang")) {
    if (lang != l.attribute("name").value()) continue;
    for (auto messages : l.children("messages")) {
      if (section != messages.attribute("name").value()) continue;
      if (auto msg = messages.find_child_by_attribute("msg", "name", name.c_str())) return msg.child_value();
    }
  }
  return "";
}

inline Problems MissingMessages(const pugi::xml_document& doc, const std::string& section,
                         const std::vector<std::string>& names) {
  Problems out;
  for (const auto& lang : kLangs)
    for (const auto& name : names)
      if (Message(doc, lang, section, name).empty()) out.push_back(lang + ": " + section + "/" + name);
  return out;
}

// Every field of a form needs a label (msg named like the field) and a hint (hint_<field>).
inline Problems FieldMessageGaps(const pugi::xml_document& doc, const std::string& form) {
  std::vector<std::string> names;
  for (const auto& field : FieldNames(Metadata(doc, form))) {
    names.push_back(field);
    names.push_back("hint_" + field);
  }
  return MissingMessages(doc, form, names);
}

inline Problems ErrorMessageGaps(const pugi::xml_document& doc) {
  std::vector<std::string> names;
  for (const auto& type : kErrorTypes) names.push_back("msg_error_" + type);
  return MissingMessages(doc, "msgerror", names);
}

// Names of the msgs a section defines in one language.
inline Names MessageNames(const pugi::xml_document& doc, const std::string& lang, const std::string& section) {
  Names out;
  for (auto l : doc.child("mgrdata").children("lang")) {
    if (lang != l.attribute("name").value()) continue;
    for (auto messages : l.children("messages"))
      if (section == messages.attribute("name").value())
        for (auto msg : messages.children("msg")) out.insert(msg.attribute("name").value());
  }
  return out;
}

}  // namespace descriptor_checks
