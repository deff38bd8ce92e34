#include "vm5sim/params.h"

#include "simcommon/text.h"
#include "vm5sim/errors.h"

namespace vm5sim {

namespace {

void ParseForm(const std::string& text, std::map<std::string, std::string>& into) {
  if (text.empty()) return;
  for (const std::string& pair : simcommon::Split(text, '&')) {
    if (pair.empty()) continue;
    size_t equals = pair.find('=');
    std::string key = simcommon::PercentDecode(pair.substr(0, equals), true);
    std::string value =
        equals == std::string::npos ? "" : simcommon::PercentDecode(pair.substr(equals + 1), true);
    into[key] = value;  // a repeated parameter: the last one counts
  }
}

bool IsFormBody(const simcommon::HttpRequest& request) {
  std::string type = simcommon::ToLower(request.Header("Content-Type"));
  return type.rfind("application/x-www-form-urlencoded", 0) == 0;
}

}  // namespace

Params Params::FromRequest(const simcommon::HttpRequest& request) {
  std::map<std::string, std::string> values;
  ParseForm(request.query, values);
  // Only a form body carries parameters; a JSON or text body is not read, as by the panel.
  if (request.method == "POST" && IsFormBody(request)) ParseForm(request.body, values);
  return Params(std::move(values));
}

std::string Params::Get(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? "" : it->second;
}

std::string Params::Required(const std::string& name) const {
  std::string value = simcommon::Trim(Get(name));
  if (value.empty()) throw ValueError(name, "The field '" + name + "' is required");
  return value;
}

int64_t Params::Positive(const std::string& name) const {
  std::string value = simcommon::Trim(Get(name));
  if (value.empty()) throw ValueError(name, "The field '" + name + "' is required");
  int64_t number = PositiveNumber(value);
  if (!number)
    throw ValueError(
        name, "The field '" + name + "' must be a positive whole number, not '" + value + "'");
  return number;
}

bool Params::OnOff(const std::string& name) const {
  std::string value = Get(name);
  if (value != "on" && value != "off")
    throw ValueError(name, "The field '" + name + "' must be on or off");
  return value == "on";
}

std::vector<std::string> Params::Elids() const {
  std::vector<std::string> out;
  for (const std::string& part : simcommon::Split(Get("elid"), ',')) {
    std::string id = simcommon::Trim(part);
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

int64_t PositiveNumber(const std::string& text) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  return std::stoll(text);
}

}  // namespace vm5sim
