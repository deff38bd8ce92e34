// Plain data that commands work on, whichever source filled it (contract §3).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace pm::core {

// Plain key/value settings with the lookups every command needs.
class Settings {
 public:
  Settings() = default;
  explicit Settings(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  // Empty values count as absent: the panel sends empty form fields.
  std::optional<std::string> Find(const std::string& name) const;
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::string Require(const std::string& name) const;  // MissedError when absent
  void Set(const std::string& name, const std::string& value) { values_[name] = value; }
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

// A paid resource as the panel sends it: a number and an optional unit.
struct Resource {
  double value = 0;
  std::string measure;
};

struct ModuleConfig {
  long id = 0;
  Settings params;  // connection form fields, secrets included
};

struct Service {
  long id = 0;
  std::string status;
  long account = 0;
  long pricelist_id = 0;
  Settings pricelist;  // tariff-level module settings
  Settings params;     // service params, including ones saved earlier
  std::map<std::string, Resource> addons;      // paid amounts
  std::map<std::string, std::string> choices;  // addons whose value is a name, not an amount: an
                                               // enumeration's internal name (backup_schedule)

  // The amount; Error{value} when the addon came as a name.
  std::optional<Resource> Addon(const std::string& name) const;
  std::optional<std::string> Choice(const std::string& name) const;
};

struct Input {
  std::optional<ModuleConfig> module;
  std::optional<Service> item;
};

}  // namespace pm::core
