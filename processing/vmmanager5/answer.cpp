#include "vmmanager5/answer.h"

#include <pugixml.hpp>

#include "vmmanager5/errors.h"

namespace pm::vmmanager5 {

std::string Column(const Row& row, const std::string& name) {
  auto it = row.find(name);
  return it == row.end() ? "" : it->second;
}

Answer Answer::Parse(const std::string& body) {
  auto doc = std::make_shared<pugi::xml_document>();
  // An HTML page (the panel's own, or a proxy's) is not XML a module can read either way.
  if (!doc->load_buffer(body.data(), body.size()) || !doc->child("doc")) {
    throw UnexpectedAnswer("VMmanager's answer is not an XML document (a web server or proxy page?)");
  }
  if (auto error = doc->child("doc").child("error")) {
    throw ApiError(error.attribute("type").value(), error.attribute("object").value(), error.child_value("msg"));
  }
  return Answer(std::move(doc));
}

std::vector<Row> Answer::Rows() const {
  std::vector<Row> rows;
  for (auto elem : doc_->child("doc").children("elem")) {
    Row row;
    for (auto column : elem.children()) {
      if (column.type() == pugi::node_element) row[column.name()] = column.child_value();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<std::string> Answer::Field(const std::string& name) const {
  auto field = doc_->child("doc").child(name.c_str());
  if (!field) return std::nullopt;
  return std::string(field.child_value());
}

std::optional<std::string> Answer::Attribute(const std::string& element, const std::string& attribute) const {
  auto value = doc_->child("doc").child(element.c_str()).attribute(attribute.c_str());
  if (!value) return std::nullopt;
  return std::string(value.value());
}

bool Answer::Ok() const { return bool(doc_->child("doc").child("ok")); }

}  // namespace pm::vmmanager5
