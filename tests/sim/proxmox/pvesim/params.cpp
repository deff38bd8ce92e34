#include "pvesim/params.h"

#include "pvesim/api_error.h"
#include "pvesim/text.h"

namespace pvesim {

const char* TypeName(ParamType type) {
  switch (type) {
    case ParamType::kInteger:
      return "integer";
    case ParamType::kNumber:
      return "number";
    case ParamType::kBoolean:
      return "boolean";
    case ParamType::kString:
      break;
  }
  return "string";
}

namespace {
ParamSpec Make(std::string name, ParamType type) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  return spec;
}

size_t Utf8Length(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

// PVE::JSONSchema::add_error joins several reasons for one path with a literal '\n'.
void AddError(std::map<std::string, std::string>& errors, const std::string& path,
              const std::string& reason) {
  auto [it, inserted] = errors.emplace(path, reason);
  if (!inserted) it->second += "\\n" + reason;
}

std::optional<std::string> CheckRaw(const ParamSpec& spec, const std::string& key,
                                    const RawValue& raw) {
  std::string type = TypeName(spec.type);
  switch (raw.kind) {
    case RawValue::Kind::kArray:
      return "type check ('" + type + "') failed - got ARRAY";
    case RawValue::Kind::kObject:
      return "type check ('" + type + "') failed - got HASH";
    case RawValue::Kind::kBool:
      if (spec.type != ParamType::kBoolean) {
        return "type check ('" + type + "') failed - got JSON::PP::Boolean";
      }
      return std::nullopt;
    case RawValue::Kind::kScalar:
      break;
  }
  return CheckValue(spec, key, raw.text);
}
}  // namespace

ParamSpec Str(std::string name) { return Make(std::move(name), ParamType::kString); }
ParamSpec Int(std::string name) { return Make(std::move(name), ParamType::kInteger); }
ParamSpec Num(std::string name) { return Make(std::move(name), ParamType::kNumber); }
ParamSpec Bool(std::string name) { return Make(std::move(name), ParamType::kBoolean); }

const ParamSpec* FindSpec(const std::vector<ParamSpec>& specs, std::string_view key) {
  for (const ParamSpec& spec : specs) {
    if (spec.max_index < 0) {
      if (spec.name == key) return &spec;
      continue;
    }
    // "net[n]" accepts "net0".."net<max_index>" without leading zeros.
    std::string_view base = std::string_view(spec.name).substr(0, spec.name.size() - 3);
    if (key.size() <= base.size() || key.substr(0, base.size()) != base) continue;
    std::string_view digits = key.substr(base.size());
    if (!IsInteger(digits) || digits[0] == '+' || digits[0] == '-') continue;
    if (digits.size() > 1 && digits[0] == '0') continue;
    if (digits.size() > 4 || std::stoi(std::string(digits)) > spec.max_index) continue;
    return &spec;
  }
  return nullptr;
}

std::optional<std::string> CheckValue(const ParamSpec& spec, const std::string& path,
                                      const std::string& value) {
  std::string type = TypeName(spec.type);
  bool type_ok = true;
  switch (spec.type) {
    case ParamType::kBoolean:
      type_ok = value == "1" || value == "0";
      break;
    case ParamType::kInteger:
      type_ok = IsInteger(value);
      break;
    case ParamType::kNumber:
      type_ok = IsNumber(value);
      break;
    case ParamType::kString:
      break;
  }
  if (!type_ok) return "type check ('" + type + "') failed - got '" + value + "'";

  if (spec.property) {
    try {
      ParseProperty(*spec.property, value, path);
    } catch (const PropertyError& e) {
      return std::string("invalid format - ") + e.what();
    }
  } else if (!spec.format.empty()) {
    if (auto error = CheckFormat(spec.format, value)) return "invalid format - " + *error;
  }
  if (!spec.pattern.empty() && !FullMatch(value, spec.pattern)) {
    return "value does not match the regex pattern";
  }
  if (spec.max_length && Utf8Length(value) > *spec.max_length) {
    return "value may only be " + std::to_string(*spec.max_length) + " characters long";
  }
  if (IsNumber(value)) {
    double number = std::stod(value);
    if (spec.maximum && number > *spec.maximum) {
      return "value must have a maximum value of " + NumberText(*spec.maximum);
    }
    if (spec.minimum && number < *spec.minimum) {
      return "value must have a minimum value of " + NumberText(*spec.minimum);
    }
  }
  if (!spec.enumeration.empty()) {
    for (const std::string& allowed : spec.enumeration) {
      if (allowed == value) return std::nullopt;
    }
    return "value '" + value + "' does not have a value in the enumeration '" +
           Join(spec.enumeration, ", ") + "'";
  }
  return std::nullopt;
}

Params ValidateParams(const std::vector<ParamSpec>& specs, const RawParams& raw) {
  std::map<std::string, std::string> errors;
  Params params;
  for (const auto& [key, value] : raw) {
    const ParamSpec* spec = FindSpec(specs, key);
    if (!spec) {
      AddError(errors, key,
               "property is not defined in schema and the schema does not allow additional "
               "properties");
      continue;
    }
    if (auto reason = CheckRaw(*spec, key, value)) {
      AddError(errors, key, *reason);
    } else {
      params[key] = value.text;
    }
  }
  for (const ParamSpec& spec : specs) {
    if (!spec.optional && spec.max_index < 0 && !raw.count(spec.name)) {
      AddError(errors, spec.name, "property is missing and it is not optional");
    }
  }
  for (const auto& [key, value] : raw) {
    const ParamSpec* spec = FindSpec(specs, key);
    if (spec && !spec->requires_param.empty() && !raw.count(spec->requires_param)) {
      AddError(errors, spec->requires_param, "missing property required by '" + key + "'");
    }
  }
  if (!errors.empty()) throw ParamError(std::move(errors));
  return params;
}

}  // namespace pvesim
