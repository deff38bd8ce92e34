// Reading a seed (--seed FILE.json): sections of entries whose keys and value types are checked,
// so that a typo in a seed is an error at start instead of a default silently used.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace simcommon {

// The seed over the default world's: each top-level key given replaces the default's. Known are
// the defaults' sections and `settings` (values with a fallback in code, e.g. "session_ttl");
// std::invalid_argument for anything else, or a seed that is no JSON object (null: defaults).
nlohmann::json MergeSeed(const nlohmann::json& seed, nlohmann::json defaults,
                         const std::set<std::string>& settings);

// One entry of a seed section; `where` names it in errors ("seed: hosts[2] needs 'name'").
// A key that is null counts as absent.
class SeedEntry {
 public:
  SeedEntry(const nlohmann::json& object, std::string where);

  void AllowOnly(const std::set<std::string>& keys) const;
  [[noreturn]] void Fail(const std::string& what) const;

  bool Has(const char* key) const;
  int64_t Int(const char* key) const;
  int64_t Int(const char* key, int64_t fallback) const;
  int64_t Positive(const char* key, int64_t fallback) const;
  std::string Str(const char* key) const;
  std::string Str(const char* key, const std::string& fallback) const;
  bool Bool(const char* key, bool fallback) const;
  std::vector<int> Ints(const char* key) const;  // an absent key: none
  std::vector<std::string> Strings(const char* key) const;
  const nlohmann::json& Raw(const char* key) const { return object_.at(key); }

 private:
  nlohmann::json Array(const char* key) const;

  const nlohmann::json& object_;
  std::string where_;
};

// The array `name` of the seed (which must have it).
const nlohmann::json& SeedSection(const nlohmann::json& seed, const char* name);
// "hosts[2]"
std::string SeedWhere(const char* section, size_t index);
// A top-level setting of the seed: a number >= 0 (durations, lifetimes), `fallback` if absent.
double SeedNumber(const nlohmann::json& seed, const char* key, double fallback);

// Adds a seeded object to its map, refusing a missing or repeated id.
template <typename T>
void InsertSeeded(std::map<int, T>& objects, T object, const SeedEntry& entry) {
  if (object.id <= 0) entry.Fail("needs a positive 'id'");
  if (!objects.emplace(object.id, std::move(object)).second) entry.Fail("repeats an id");
}

// Refuses a reference to an object that was not seeded.
template <typename T>
void RequireSeeded(const std::map<int, T>& objects, int id, const SeedEntry& entry,
                   const char* what) {
  if (!objects.count(id))
    entry.Fail("names unknown " + std::string(what) + " " + std::to_string(id));
}

// The id a new object gets: after the highest seeded one, at least `floor`.
template <typename T>
int NextId(const std::map<int, T>& objects, int floor) {
  return std::max(floor, objects.empty() ? 1 : objects.rbegin()->first + 1);
}

}  // namespace simcommon
