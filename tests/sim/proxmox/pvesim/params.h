#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pvesim {

enum class ParamType { kString, kInteger, kNumber, kBoolean };
const char* TypeName(ParamType type);

struct PropertyFormat;

// One parameter (or property-string key) as the PVE JSON schema declares it. The builder
// helpers keep the route tables short: Int("cores").Min(1).
struct ParamSpec {
  std::string name;  // schema spelling; indexed families are written "net[n]"
  ParamType type = ParamType::kString;
  bool optional = true;
  std::vector<std::string> enumeration;
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::optional<size_t> max_length;
  std::string pattern;  // PVE 'pattern', matched against the whole value
  std::string format;   // named PVE format, e.g. "pve-vmid" or "pve-configid-list"
  const PropertyFormat* property = nullptr;  // property strings (net[n], scsi[n], ...)
  std::string requires_param;
  int max_index = -1;  // indexed families: the highest n accepted

  ParamSpec& Required() {
    optional = false;
    return *this;
  }
  ParamSpec& Enum(std::vector<std::string> values) {
    enumeration = std::move(values);
    return *this;
  }
  ParamSpec& Min(double value) {
    minimum = value;
    return *this;
  }
  ParamSpec& Max(double value) {
    maximum = value;
    return *this;
  }
  ParamSpec& MaxLength(size_t value) {
    max_length = value;
    return *this;
  }
  ParamSpec& Pattern(std::string value) {
    pattern = std::move(value);
    return *this;
  }
  ParamSpec& Format(std::string value) {
    format = std::move(value);
    return *this;
  }
  ParamSpec& Property(const PropertyFormat& value) {
    property = &value;
    return *this;
  }
  ParamSpec& Requires(std::string value) {
    requires_param = std::move(value);
    return *this;
  }
  ParamSpec& Indexed(int highest) {
    max_index = highest;
    return *this;
  }
};

ParamSpec Str(std::string name);
ParamSpec Int(std::string name);
ParamSpec Num(std::string name);
ParamSpec Bool(std::string name);

// A key of a property string ("virtio=BC:24:11:..,bridge=vmbr0,tag=5").
struct PropertyKey {
  ParamSpec spec;            // spec.name is the key
  bool default_key = false;  // the key a bare value ("virtio") is stored under
  std::string alias;         // this key is another name for `alias`
  std::string key_alias;     // with alias: also store this key's name under key_alias
};

using PropertyMap = std::map<std::string, std::string>;

struct PropertyFormat {
  std::string name;  // registered format name ("pve-qm-boot"); empty for inline formats
  std::vector<PropertyKey> keys;
  // A registered format's extra validator: its die text, or nullopt.
  std::optional<std::string> (*validator)(const PropertyMap&) = nullptr;

  const PropertyKey* Find(std::string_view key) const;
  const PropertyKey* DefaultKey() const;
};

// A request value before validation: form fields are scalars (or lists when repeated), JSON
// bodies may also carry booleans, arrays and objects.
struct RawValue {
  enum class Kind { kScalar, kBool, kArray, kObject };
  Kind kind = Kind::kScalar;
  std::string text;
};
using RawParams = std::map<std::string, RawValue>;
using Params = std::map<std::string, std::string>;

// Validates like PVE::JSONSchema::validate with additionalProperties => 0; throws the 400
// "Parameter verification failed." ApiError with one reason per offending parameter.
Params ValidateParams(const std::vector<ParamSpec>& specs, const RawParams& raw);
const ParamSpec* FindSpec(const std::vector<ParamSpec>& specs, std::string_view key);

// check_prop for one scalar: the reason it is rejected, or nullopt.
std::optional<std::string> CheckValue(const ParamSpec& spec, const std::string& path,
                                      const std::string& value);
// A named format validator (pve-vmid, mac-addr, ...): PVE's die text (ending in "\n"), or
// nullopt. "-list" formats check every item of the split list.
std::optional<std::string> CheckFormat(const std::string& format, const std::string& value);

// The text of a failed property-string parse: PVE's exception string, e.g.
// "format error\nnet0.tag: value must have a maximum value of 4094\n".
class PropertyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// parse_property_string: keys canonicalised (aliases resolved, booleans as 0/1).
PropertyMap ParseProperty(const PropertyFormat& format, std::string_view text,
                          const std::string& path);
// print_property_string: default key first (bare or as "<key-alias>=<value>"), then the
// required keys, then the rest sorted; disk sizes printed with units.
std::string PrintProperty(const PropertyFormat& format, const PropertyMap& values);

}  // namespace pvesim
