#include "simcommon/seed_entry.h"

#include <stdexcept>

namespace simcommon {

using nlohmann::json;

json MergeSeed(const json& seed, json defaults, const std::set<std::string>& settings) {
  if (!seed.is_null() && !seed.is_object())
    throw std::invalid_argument("seed: must be a JSON object");
  if (seed.is_null()) return defaults;
  for (const auto& [key, value] : seed.items()) {
    if (!defaults.contains(key) && !settings.count(key))
      throw std::invalid_argument("seed: unknown section '" + key + "'");
  }
  for (const auto& [key, value] : seed.items()) defaults[key] = value;
  return defaults;
}

SeedEntry::SeedEntry(const json& object, std::string where)
    : object_(object), where_(std::move(where)) {
  if (!object_.is_object()) Fail("must be an object");
}

void SeedEntry::AllowOnly(const std::set<std::string>& keys) const {
  for (const auto& [key, value] : object_.items()) {
    if (!keys.count(key)) Fail("has unknown key '" + key + "'");
  }
}

void SeedEntry::Fail(const std::string& what) const {
  throw std::invalid_argument("seed: " + where_ + " " + what);
}

bool SeedEntry::Has(const char* key) const {
  return object_.contains(key) && !object_[key].is_null();
}

int64_t SeedEntry::Int(const char* key) const {
  if (!Has(key)) Fail(std::string("needs '") + key + "'");
  if (!object_[key].is_number_integer()) Fail(std::string("'") + key + "' must be an integer");
  return object_[key].get<int64_t>();
}

int64_t SeedEntry::Int(const char* key, int64_t fallback) const {
  return Has(key) ? Int(key) : fallback;
}

int64_t SeedEntry::Positive(const char* key, int64_t fallback) const {
  int64_t value = Int(key, fallback);
  if (value < 1) Fail(std::string("'") + key + "' must be positive");
  return value;
}

std::string SeedEntry::Str(const char* key) const {
  if (!Has(key)) Fail(std::string("needs '") + key + "'");
  if (!object_[key].is_string()) Fail(std::string("'") + key + "' must be a string");
  return object_[key].get<std::string>();
}

std::string SeedEntry::Str(const char* key, const std::string& fallback) const {
  return Has(key) ? Str(key) : fallback;
}

bool SeedEntry::Bool(const char* key, bool fallback) const {
  if (!Has(key)) return fallback;
  if (!object_[key].is_boolean()) Fail(std::string("'") + key + "' must be a boolean");
  return object_[key].get<bool>();
}

std::vector<int> SeedEntry::Ints(const char* key) const {
  std::vector<int> out;
  for (const json& item : Array(key)) {
    if (!item.is_number_integer()) Fail(std::string("'") + key + "' must hold integers");
    out.push_back(item.get<int>());
  }
  return out;
}

std::vector<std::string> SeedEntry::Strings(const char* key) const {
  std::vector<std::string> out;
  for (const json& item : Array(key)) {
    if (!item.is_string()) Fail(std::string("'") + key + "' must hold strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

json SeedEntry::Array(const char* key) const {
  if (!Has(key)) return json::array();
  if (!object_[key].is_array()) Fail(std::string("'") + key + "' must be an array");
  return object_[key];
}

const json& SeedSection(const json& seed, const char* name) {
  const json& section = seed.at(name);
  if (!section.is_array())
    throw std::invalid_argument(std::string("seed: '") + name + "' must be an array");
  return section;
}

std::string SeedWhere(const char* section, size_t index) {
  return std::string(section) + "[" + std::to_string(index) + "]";
}

double SeedNumber(const json& seed, const char* key, double fallback) {
  if (!seed.contains(key)) return fallback;
  if (!seed[key].is_number() || seed[key].get<double>() < 0)
    throw std::invalid_argument(std::string("seed: '") + key + "' must be a number >= 0");
  return seed[key].get<double>();
}

}  // namespace simcommon
