#include "fuzz_support.h"

#include <cxxabi.h>
#include <sanitizer/common_interface_defs.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <typeinfo>

namespace pm::fuzz {
namespace {

std::string Demangled(const char* name) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> plain(abi::__cxa_demangle(name, nullptr, nullptr, &status), &std::free);
  return status == 0 && plain ? plain.get() : name;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool XmlChar(std::uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

void (*death_cleanup)() = nullptr;

}  // namespace

void AtDeath(void (*cleanup)()) {
  death_cleanup = cleanup;
  __sanitizer_set_death_callback(cleanup);
}

void Finding(const std::string& what) {
  std::fprintf(stderr, "\n==pm-fuzz== FINDING: %s\n", what.c_str());
  std::fflush(stderr);
  if (death_cleanup) death_cleanup();
  std::abort();
}

std::string CurrentException() {
  std::type_info* type = abi::__cxa_current_exception_type();
  std::string name = type ? Demangled(type->name()) : "unknown exception";
  try {
    throw;
  } catch (const std::exception& e) {
    return name + ": " + e.what();
  } catch (...) {
    return name;
  }
}

bool Verbose() {
  static const bool verbose = [] {
    const char* value = std::getenv("PM_FUZZ_VERBOSE");
    return value && std::string(value) == "1";
  }();
  return verbose;
}

std::string XmlProblem(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    std::uint32_t c = byte;
    if (byte >= 0x80) {
      if ((byte & 0xE0) == 0xC0) {
        extra = 1;
        c = byte & 0x1F;
      } else if ((byte & 0xF0) == 0xE0) {
        extra = 2;
        c = byte & 0x0F;
      } else if ((byte & 0xF8) == 0xF0) {
        extra = 3;
        c = byte & 0x07;
      } else {
        return "not UTF-8: byte " + std::to_string(byte) + " at offset " + std::to_string(i);
      }
      if (i + extra >= text.size()) return "not UTF-8: truncated sequence at offset " + std::to_string(i);
    }
    for (size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return "not UTF-8: bad continuation at offset " + std::to_string(i + k);
      c = (c << 6) | (next & 0x3F);
    }
    static constexpr std::uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[extra]) return "not UTF-8: overlong sequence at offset " + std::to_string(i);
    if (c >= 0xD800 && c <= 0xDFFF) return "not UTF-8: a surrogate at offset " + std::to_string(i);
    if (!XmlChar(c)) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
      return std::string("character ") + code + " at offset " + std::to_string(i) + " is not allowed in XML";
    }
    // A character reference must name a character XML allows too: pugixml writes &#1; for \x01.
    if (c == '&' && i + 2 < text.size() && text[i + 1] == '#') {
      size_t end = text.find(';', i);
      if (end == std::string_view::npos) return "unterminated character reference at offset " + std::to_string(i);
      std::string_view digits = text.substr(i + 2, end - i - 2);
      bool hex = !digits.empty() && digits[0] == 'x';
      if (hex) digits.remove_prefix(1);
      std::uint64_t value = 0;
      for (char d : digits) {
        int v = hex ? Hex(d) : (d >= '0' && d <= '9' ? d - '0' : -1);
        if (v < 0) return "bad character reference at offset " + std::to_string(i);
        value = value * (hex ? 16 : 10) + static_cast<std::uint64_t>(v);
        if (value > 0x10FFFF) break;
      }
      if (digits.empty() || value > 0x10FFFF || !XmlChar(static_cast<std::uint32_t>(value))) {
        return "character reference " + std::string(text.substr(i, end - i + 1)) + " at offset " + std::to_string(i) +
               " names a character XML does not allow";
      }
    }
    i += extra + 1;
  }
  return "";
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && Hex(text[i + 1]) >= 0 && Hex(text[i + 2]) >= 0) {
      out += static_cast<char>(Hex(text[i + 1]) * 16 + Hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> FormItems(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> items;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view item = text.substr(0, amp);
    size_t eq = item.find('=');
    if (!item.empty()) {
      items.emplace_back(PercentDecode(item.substr(0, eq)),
                         eq == std::string_view::npos ? "" : PercentDecode(item.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return items;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace pm::fuzz
