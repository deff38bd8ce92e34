#include "core/service.h"

#include "core/error.h"

namespace pm::core {

std::optional<std::string> Settings::Find(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Settings::Get(const std::string& name, const std::string& fallback) const {
  return Find(name).value_or(fallback);
}

std::string Settings::Require(const std::string& name) const {
  auto value = Find(name);
  if (!value) throw MissedError(name);
  return *value;
}

std::optional<Resource> Service::Addon(const std::string& name) const {
  if (auto it = addons.find(name); it != addons.end()) return it->second;
  if (auto it = choices.find(name); it != choices.end()) throw ValueError(name, "'" + it->second + "' is not a number");
  return std::nullopt;
}

std::optional<std::string> Service::Choice(const std::string& name) const {
  auto it = choices.find(name);
  if (it == choices.end()) return std::nullopt;
  return it->second;
}

}  // namespace pm::core
