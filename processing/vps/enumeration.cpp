#include "vps/enumeration.h"

#include <pugixml.hpp>

#include "core/error.h"

namespace pm::vps {
namespace {

struct Element {
  std::string id;
  std::string intname;
  std::string name;
};

std::vector<Element> ElementsOf(const std::string& func, const std::string& answer) {
  pugi::xml_document doc;
  if (!doc.load_string(answer.c_str())) {
    throw core::Error(core::ErrorType::Internal, func, "the panel's answer to " + func + " is not XML");
  }
  std::vector<Element> elements;
  for (auto elem : doc.child("doc").children("elem")) {
    elements.push_back({elem.child_value("id"), elem.child_value("intname"), elem.child_value("name")});
  }
  return elements;
}

std::string EnumerationId(core::Panel& panel, const Enumeration& enumeration) {
  for (const auto& elem : ElementsOf("enumeration", panel.Read("enumeration", {}))) {
    if (elem.intname == enumeration.intname) return elem.id;
  }
  std::string answer =
      panel.Call("enumeration.edit", {{"intname", enumeration.intname}, {"name", enumeration.name}});
  pugi::xml_document doc;
  std::string id = doc.load_string(answer.c_str()) ? doc.child("doc").child_value("id") : "";
  if (id.empty()) {
    throw core::Error(core::ErrorType::Internal, "enumeration.edit",
                      "the panel created the enumeration " + enumeration.intname + " but named no id");
  }
  return id;
}

}  // namespace

EnumerationChanges PublishEnumeration(core::Panel& panel, const Enumeration& enumeration, const std::string& prefix,
                                      const std::map<std::string, std::string>& wanted) {
  std::string plid = EnumerationId(panel, enumeration);
  std::map<std::string, Element> present;  // ours only
  for (auto& elem : ElementsOf("enumerationitem", panel.Read("enumerationitem", {{"plid", plid}}))) {
    if (elem.intname.compare(0, prefix.size(), prefix) == 0) present[elem.intname] = elem;
  }
  EnumerationChanges changes;
  for (const auto& [intname, label] : wanted) {
    auto found = present.find(intname);
    if (found == present.end()) {
      panel.Call("enumerationitem.edit", {{"plid", plid}, {"intname", intname}, {"name", label}});
      changes.added.push_back(intname);
    } else if (found->second.name != label) {
      panel.Call("enumerationitem.edit", {{"elid", found->second.id}, {"plid", plid}, {"name", label}});
      changes.renamed.push_back(intname);
    }
  }
  for (const auto& [intname, elem] : present) {
    if (wanted.count(intname)) continue;
    panel.Call("enumerationitem.delete", {{"elid", elem.id}, {"plid", plid}});
    changes.removed.push_back(intname);
  }
  return changes;
}

}  // namespace pm::vps
