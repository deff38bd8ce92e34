// One VMmanager 5 answer (`out=xml`, notes B2), parsed once: a list's rows, a form's fields, the
// error it carries. A list is `<elem>` children with one child element per column; a flag column
// (`installing`) is an empty element that is there or not.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pugi {
class xml_document;
}

namespace pm::vmmanager5 {

using Row = std::map<std::string, std::string>;

// A row's column text; empty when the row has no such column.
std::string Column(const Row& row, const std::string& name);

class Answer {
 public:
  // Throws UnexpectedAnswer for anything but a <doc> document, ApiError for an error document.
  static Answer Parse(const std::string& body);

  std::vector<Row> Rows() const;
  // A child element of <doc>: its text, or one of its attributes.
  std::optional<std::string> Field(const std::string& name) const;
  std::optional<std::string> Attribute(const std::string& element, const std::string& attribute) const;
  bool Ok() const;  // <ok/>: a form submit was done

 private:
  explicit Answer(std::shared_ptr<pugi::xml_document> doc) : doc_(std::move(doc)) {}
  std::shared_ptr<pugi::xml_document> doc_;
};

}  // namespace pm::vmmanager5
