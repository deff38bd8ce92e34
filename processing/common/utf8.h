// UTF-8 as text from outside arrives: strictly decoded (no overlong forms, no surrogates, nothing
// past U+10FFFF), and made fit for an XML document, which allows fewer characters than UTF-8
// encodes (XML 1.0 "Char").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pm::common {

// The code point starting at `at`, moving `at` past it; nullopt (and `at` past one byte) for a
// sequence that is not UTF-8.
std::optional<char32_t> DecodeUtf8(std::string_view text, std::size_t& at);
bool IsValidUtf8(std::string_view text);
// Tab, newline, carriage return, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
bool IsXmlChar(char32_t c);
// The text with each byte that is not UTF-8, and each character XML does not allow, replaced by
// U+FFFD, so that any text can go into a document the panel parses.
std::string XmlSafe(std::string_view text);

}  // namespace pm::common
