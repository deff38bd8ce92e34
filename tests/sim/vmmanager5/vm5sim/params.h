// A request's parameters: the query string and an application/x-www-form-urlencoded body merged,
// the body winning, as COREmanager reads them. Typed reads throw the panel's `value` errors.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "simcommon/https_server.h"

namespace vm5sim {

class Params {
 public:
  Params() = default;
  explicit Params(std::map<std::string, std::string> values) : values_(std::move(values)) {}
  static Params FromRequest(const simcommon::HttpRequest& request);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The value, or "" when absent.
  std::string Get(const std::string& name) const;
  // A non-empty value, else a `value` error naming the field.
  std::string Required(const std::string& name) const;
  // A whole number ≥ 1, else a `value` error naming the field.
  int64_t Positive(const std::string& name) const;
  // `on` or `off`, else a `value` error naming the field.
  bool OnOff(const std::string& name) const;
  // `elid` as a list: "1, 2" names two elements.
  std::vector<std::string> Elids() const;
  bool Sok() const { return Get("sok") == "ok"; }

 private:
  std::map<std::string, std::string> values_;
};

// A whole number ≥ 1 in text, or 0 when it is not one.
int64_t PositiveNumber(const std::string& text);

}  // namespace vm5sim
