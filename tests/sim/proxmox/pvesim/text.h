#pragma once

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "simcommon/text.h"

namespace pvesim {

// The generic string helpers live in the simulators' common library.
using simcommon::FirstLine;
using simcommon::IsInteger;
using simcommon::Join;
using simcommon::PercentDecode;
using simcommon::Split;
using simcommon::ToLower;
using simcommon::Trim;

// PVE::Tools::split_list: items separated by any run of ',', ';' or whitespace.
std::vector<std::string> SplitList(std::string_view text);
// A compiled ECMAScript regex, cached (patterns come from fixed tables).
const std::regex& RegexFor(const std::string& pattern);
// True if `pattern` matches the whole of `text`.
bool FullMatch(const std::string& text, const std::string& pattern);

// Perl-style number check used by PVE::JSONSchema::check_type (IsInteger: simcommon).
bool IsNumber(std::string_view text);
// Prints a number the way Perl stringifies it (no trailing ".0").
std::string NumberText(double value);

// PVE::JSONSchema::parse_size: "32G", "512M", "1.5T", plain bytes; nullopt if malformed.
std::optional<uint64_t> ParseSize(std::string_view text);
// PVE::JSONSchema::format_size: largest exact unit, e.g. 34359738368 -> "32G".
std::string FormatSize(uint64_t bytes);
// PVE::VZDump::format_size for log lines, e.g. "1.23GB".
std::string FormatSizeHuman(uint64_t bytes);
// PVE::Format::render_bytes: binary units with `precision` decimals, e.g. "2.0 GiB".
std::string RenderBytes(uint64_t bytes, int precision = 2);
// PVE::Format::render_duration: "0s", "45s", "1m 5s", "2h 1s", ...
std::string RenderDuration(int64_t seconds);

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;
constexpr uint64_t kGiB = 1024 * kMiB;

}  // namespace pvesim
