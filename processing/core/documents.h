// The documents a module prints (contract §4): a reply on success, an error document on failure.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <utility>

#include "core/error.h"

namespace pm::core {

// <doc><ok/>…</doc>; commands add result children.
class Reply {
 public:
  Reply();
  Reply& Add(const std::string& name, const std::string& value) &;
  Reply&& Add(const std::string& name, const std::string& value) && { return std::move(Add(name, value)); }
  pugi::xml_node root() { return doc_.document_element(); }
  std::string Text() const;

  // A reply without <ok/> (e.g. the features document).
  static Reply Bare();

 private:
  explicit Reply(bool ok);
  pugi::xml_document doc_;
};

std::string ErrorDocument(const Error& error, const std::string& lang);

std::string ToXmlText(const pugi::xml_document& doc);

}  // namespace pm::core
