#include <regex>
#include <set>

#include "pvesim/params.h"
#include "pvesim/text.h"

namespace pvesim {

const PropertyKey* PropertyFormat::Find(std::string_view key) const {
  for (const PropertyKey& entry : keys) {
    if (entry.spec.name == key) return &entry;
  }
  return nullptr;
}

const PropertyKey* PropertyFormat::DefaultKey() const {
  for (const PropertyKey& entry : keys) {
    if (entry.default_key) return &entry;
  }
  return nullptr;
}

namespace {

// PVE::JSONSchema::parse_boolean; anything else is left for the type check to reject.
std::string NormalizeBoolean(const std::string& value) {
  std::string lower = ToLower(value);
  if (lower == "1" || lower == "on" || lower == "yes" || lower == "true") return "1";
  if (lower == "0" || lower == "off" || lower == "no" || lower == "false") return "0";
  return value;
}

bool IsBlank(const std::string& text) { return Trim(text).empty(); }

void StoreDefaultValue(const PropertyFormat& format, PropertyMap& result,
                       std::optional<std::string>& default_key, std::string part) {
  const PropertyKey* key = format.DefaultKey();
  if (default_key) {
    throw PropertyError("duplicate key in comma-separated list property: " + *default_key + "\n");
  }
  if (!key) throw PropertyError("value without key, but schema does not define a default key\n");
  default_key = key->spec.name;
  auto existing = result.find(key->spec.name);
  // Perl tests the existing value for truth, so an earlier "0" does not count as set.
  if (existing != result.end() && !existing->second.empty() && existing->second != "0") {
    throw PropertyError("duplicate key in comma-separated list property: " + key->spec.name + "\n");
  }
  if (key->spec.type == ParamType::kBoolean) part = NormalizeBoolean(part);
  result[key->spec.name] = part;
}

void StoreKeyValue(const PropertyFormat& format, PropertyMap& result, std::string key,
                   std::string value) {
  if (result.count(key)) {
    throw PropertyError("duplicate key in comma-separated list property: " + key + "\n");
  }
  const PropertyKey* entry = format.Find(key);
  if (entry && !entry->alias.empty()) {
    if (!entry->key_alias.empty()) {
      if (result.count(entry->key_alias)) {
        throw PropertyError("key alias '" + entry->key_alias + "' is already defined\n");
      }
      result[entry->key_alias] = key;
    }
    key = entry->alias;
    entry = format.Find(key);
    if (result.count(key)) {
      throw PropertyError("key '" + key + "' is already defined (via alias)\n");
    }
  }
  if (!entry) throw PropertyError("invalid key in comma-separated list property: " + key + "\n");
  if (entry->spec.type == ParamType::kBoolean) value = NormalizeBoolean(value);
  result[key] = value;
}

// check_object over the parsed keys: missing required keys and invalid values.
std::map<std::string, std::string> CheckKeys(const PropertyFormat& format,
                                             const PropertyMap& values, const std::string& path) {
  std::map<std::string, std::string> errors;
  for (const PropertyKey& entry : format.keys) {
    if (!entry.alias.empty()) continue;
    std::string key_path = path.empty() ? entry.spec.name : path + "." + entry.spec.name;
    auto it = values.find(entry.spec.name);
    if (it == values.end()) {
      if (!entry.spec.optional) errors[key_path] = "property is missing and it is not optional";
      continue;
    }
    if (auto reason = CheckValue(entry.spec, key_path, it->second)) errors[key_path] = *reason;
  }
  return errors;
}

}  // namespace

PropertyMap ParseProperty(const PropertyFormat& format, std::string_view text,
                          const std::string& path) {
  static const std::regex key_value(R"(^([^=]+)=(.+)$)");
  PropertyMap result;
  std::optional<std::string> default_key;
  for (std::string& part : Split(text, ',')) {
    if (IsBlank(part)) continue;
    std::smatch match;
    if (std::regex_match(part, match, key_value)) {
      StoreKeyValue(format, result, match[1].str(), match[2].str());
    } else if (part.find('=') == std::string::npos) {
      StoreDefaultValue(format, result, default_key, std::move(part));
    } else {
      throw PropertyError("missing key in comma-separated list property\n");
    }
  }
  auto errors = CheckKeys(format, result, path);
  if (!errors.empty()) {
    std::string message = "format error\n";
    for (const auto& [key, reason] : errors) message += key + ": " + reason + "\n";
    throw PropertyError(message);
  }
  if (format.validator) {
    if (auto error = format.validator(result)) throw PropertyError(*error);
  }
  return result;
}

std::string PrintProperty(const PropertyFormat& format, const PropertyMap& values) {
  std::string out;
  std::set<std::string> done;
  auto add = [&out](const std::string& text) {
    if (!out.empty()) out += ',';
    out += text;
  };
  auto value_text = [&format](const std::string& key, const std::string& value) {
    const PropertyKey* entry = format.Find(key);
    if (entry && entry->spec.format == "disk-size") {
      if (auto bytes = ParseSize(value)) return FormatSize(*bytes);
    }
    return value;
  };
  auto add_key = [&](const std::string& key, bool is_default) {
    if (!done.insert(key).second) return;
    auto it = values.find(key);
    if (it == values.end()) return;
    // A key alias (net's model) combines with its partner: "virtio=BC:24:11:..".
    for (const PropertyKey& entry : format.keys) {
      if (entry.key_alias != key) continue;
      auto partner = values.find(entry.alias);
      if (partner == values.end()) break;
      add(value_text(key, it->second) + "=" + value_text(entry.alias, partner->second));
      done.insert(entry.alias);
      return;
    }
    add(is_default ? value_text(key, it->second) : key + "=" + value_text(key, it->second));
  };
  if (const PropertyKey* key = format.DefaultKey()) add_key(key->spec.name, true);
  for (const auto& [key, value] : values) {
    const PropertyKey* entry = format.Find(key);
    if (entry && !entry->spec.optional) add_key(key, false);
  }
  for (const auto& [key, value] : values) add_key(key, false);
  return out;
}

}  // namespace pvesim
