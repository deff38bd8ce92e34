#include "core/documents.h"

#include <sstream>

#include "common/utf8.h"

namespace pm::core {

Reply::Reply() : Reply(true) {}

Reply::Reply(bool ok) {
  auto decl = doc_.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto doc = doc_.append_child("doc");
  if (ok) doc.append_child("ok");
}

Reply Reply::Bare() { return Reply(false); }

Reply& Reply::Add(const std::string& name, const std::string& value) & {
  root().append_child(name.c_str()).text().set(common::XmlSafe(value).c_str());
  return *this;
}

std::string Reply::Text() const { return ToXmlText(doc_); }

std::string ToXmlText(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

std::string ErrorDocument(const Error& error, const std::string& lang) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto node = doc.append_child("doc").append_child("error");
  // Messages may quote what a client or a hypervisor sent: only what XML allows goes out.
  node.append_attribute("type") = std::string(ToString(error.type())).c_str();
  node.append_attribute("object") = common::XmlSafe(error.object()).c_str();
  node.append_attribute("lang") = lang.c_str();
  for (const auto& [name, value] : error.params()) {
    auto param = node.append_child("param");
    param.append_attribute("name") = common::XmlSafe(name).c_str();
    param.text().set(common::XmlSafe(value).c_str());
  }
  node.append_child("msg").text().set(common::XmlSafe(error.what()).c_str());
  return ToXmlText(doc);
}

}  // namespace pm::core
