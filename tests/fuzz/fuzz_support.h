// What the fuzz targets share: how a finding is reported, the XML 1.0 check of what goes out,
// and reading the small text formats of the inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::fuzz {

// Prints the finding with the input that caused it and aborts: libFuzzer saves the input as
// crash-<sha1> and the run fails.
[[noreturn]] void Finding(const std::string& what);

// Called before the process dies of a finding or a sanitizer report (a target's temporary files).
void AtDeath(void (*cleanup)());

// The type and text of the exception being handled (call only inside a catch block).
std::string CurrentException();

// PM_FUZZ_VERBOSE=1: the targets print what they do (for reading a reproducer's run).
bool Verbose();

// Why `text` is not well-formed XML 1.0 in UTF-8 (not UTF-8, a character XML does not allow, a
// character reference to one); "" when it is. pugixml accepts all of these and writes the
// control characters it is given as such references, so its own parse is not enough. Decoded
// here on its own, not with the project's common/utf8: the check must not share its bugs.
std::string XmlProblem(std::string_view text);

// "a%20b" → "a b"; a '%' not followed by two hex digits stays as it is.
std::string PercentDecode(std::string_view text);

// "k1=v1&k2=v2" → pairs, percent-decoded; an item without '=' has an empty value.
std::vector<std::pair<std::string, std::string>> FormItems(std::string_view text);

// Lines of `text`, split at '\n' (a '\r' before it is dropped).
std::vector<std::string_view> Lines(std::string_view text);

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace pm::fuzz
