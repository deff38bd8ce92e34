#include "vps/hostname.h"

#include <cctype>

namespace pm::vps {

std::string HostnameFor(const std::string& domain, long item) {
  std::string name;
  // Labels must start and end with a letter or digit.
  for (unsigned char c : domain) {
    if (std::isalnum(c)) {
      name += static_cast<char>(std::tolower(c));
    } else if (c == '.') {
      while (!name.empty() && name.back() == '-') name.pop_back();
      if (!name.empty() && name.back() != '.') name += '.';
    } else if (!name.empty() && name.back() != '-' && name.back() != '.') {
      name += '-';
    }
  }
  while (!name.empty() && (name.back() == '-' || name.back() == '.')) name.pop_back();
  while (!name.empty() && (name.front() == '-' || name.front() == '.')) name.erase(0, 1);
  if (name.empty() || name.size() > 200) name = "vps-" + std::to_string(item);
  return name;
}

}  // namespace pm::vps
