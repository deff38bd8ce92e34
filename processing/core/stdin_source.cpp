#include "core/stdin_source.h"

#include <iterator>
#include <limits>
#include <pugixml.hpp>

#include "core/error.h"
#include "core/numbers.h"

namespace pm::core {
namespace {

long ParseLong(const std::string& object, const char* text) {
  return static_cast<long>(RequireWhole(object, text, 0, std::numeric_limits<long>::max()));
}

// <param name="x">v</param> children into settings; a nameless param is an error.
Settings NamedParams(pugi::xml_node parent, const std::string& where) {
  Settings settings;
  for (auto param : parent.children("param")) {
    std::string name = param.attribute("name").value();
    if (name.empty()) throw ValueError(where + "/param", "a <param> has no name attribute");
    settings.Set(name, param.text().get());
  }
  return settings;
}

ModuleConfig ParseModule(pugi::xml_node node) {
  ModuleConfig module;
  if (auto id = node.attribute("id")) module.id = ParseLong("processingmodule", id.value());
  for (auto child : node.children()) {
    if (child.type() == pugi::node_element) module.params.Set(child.name(), child.text().get());
  }
  return module;
}

Service ParseItem(pugi::xml_node node) {
  Service item;
  if (!node.attribute("id")) throw MissedError("item");
  item.id = ParseLong("item", node.attribute("id").value());
  item.status = node.attribute("status").value();
  if (auto account = node.attribute("account")) item.account = ParseLong("account", account.value());
  if (auto pricelist = node.child("pricelist")) {
    if (auto id = pricelist.attribute("id")) item.pricelist_id = ParseLong("pricelist", id.value());
    item.pricelist = NamedParams(pricelist, "pricelist");
  }
  item.params = NamedParams(node, "item");
  for (auto addon : node.children("addon")) {
    std::string name = addon.attribute("name").value();
    if (name.empty()) throw ValueError("addon", "an <addon> has no name attribute");
    std::string text = addon.text().get();
    // An amount, or an enumeration's value (contract §3: backup_schedule is an internal name).
    if (auto amount = ParseDecimal(text)) {
      item.addons[name] = Resource{*amount, addon.attribute("measure").value()};
    } else {
      item.choices[name] = text;
    }
  }
  return item;
}

}  // namespace

Input ParseInputDocument(const std::string& text) {
  pugi::xml_document doc;
  auto parsed = doc.load_buffer(text.data(), text.size());
  if (!parsed) {
    throw Error(ErrorType::Xml, "doc",
                std::string("the input document is not well-formed XML: ") + parsed.description() +
                    " at offset " + std::to_string(parsed.offset));
  }
  auto root = doc.child("doc");
  if (!root) throw Error(ErrorType::Xml, "doc", "the input document has no <doc> root element");
  Input input;
  if (auto module = root.child("processingmodule")) input.module = ParseModule(module);
  if (auto item = root.child("item")) input.item = ParseItem(item);
  return input;
}

std::optional<std::string> ReadDocument(std::istream& in) {
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return text;
}

Input StdinSource::Load(const Args& args) {
  auto text = ReadDocument(in_);
  if (text) return ParseInputDocument(*text);
  if (args.command == "features") return {};
  throw Error(ErrorType::Xml, "doc", "command '" + args.command + "' needs an input document on stdin");
}

}  // namespace pm::core
