#include "vmmanager6/where.h"

#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace pm::vmmanager6 {
namespace {

std::string EncodeValue(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '@') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// A field name is ours, never outside text; refusing anything else keeps a filter a filter.
std::string Field(const std::string& field) {
  for (unsigned char c : field) {
    if (!std::isalnum(c) && c != '_' && c != '.') throw std::invalid_argument("bad where field '" + field + "'");
  }
  return field;
}

}  // namespace

Where Where::Eq(const std::string& field, const std::string& value) {
  if (value.find_first_of("'\\") == std::string::npos) {
    return Where("(" + Field(field) + "+EQ+'" + EncodeValue(value) + "')");
  }
  std::string pattern = value;
  for (char& c : pattern) {
    if (c == '\'' || c == '\\') c = '_';
  }
  return Where("(" + Field(field) + "+CP+'" + EncodeValue(pattern) + "')");
}

Where Where::Eq(const std::string& field, long long value) {
  return Where("(" + Field(field) + "+EQ+'" + std::to_string(value) + "')");
}

Where Where::All(const std::vector<Where>& terms) {
  std::string text;
  for (const auto& term : terms) text += (text.empty() ? "" : "+AND+") + term.text_;
  return Where("(" + text + ")");
}

}  // namespace pm::vmmanager6
