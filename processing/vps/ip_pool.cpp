#include "vps/ip_pool.h"

#include <arpa/inet.h>

#include <sstream>
#include <utility>
#include <vector>

#include "core/error.h"

namespace pm::vps {
namespace {

std::uint32_t ParseIp(const std::string& text) {
  in_addr address{};
  if (inet_pton(AF_INET, text.c_str(), &address) != 1) throw core::ValueError("ip_pool", "'" + text + "' is not an IPv4 address");
  return ntohl(address.s_addr);
}

std::string FormatIp(std::uint32_t value) {
  in_addr address{htonl(value)};
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &address, text, sizeof text);
  return text;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> ParseRanges(const std::string& ranges) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> parsed;
  std::stringstream stream(ranges);
  std::string range;
  while (std::getline(stream, range, ',')) {
    range.erase(0, range.find_first_not_of(' '));
    range.erase(range.find_last_not_of(' ') + 1);
    if (range.empty()) continue;
    auto dash = range.find('-');
    std::uint32_t first = ParseIp(range.substr(0, dash));
    std::uint32_t last = dash == std::string::npos ? first : ParseIp(range.substr(dash + 1));
    if (last < first) throw core::ValueError("ip_pool", "range '" + range + "' ends before it starts");
    parsed.emplace_back(first, last);
  }
  return parsed;
}

}  // namespace

IpPool::IpPool(core::Sqlite& db, long module, std::string ranges) : db_(db), module_(module), ranges_(std::move(ranges)) {
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS ip_lease (module INTEGER NOT NULL, ip TEXT NOT NULL, item INTEGER NOT NULL,"
      " PRIMARY KEY (module, ip), UNIQUE (module, item))");
}

std::string IpPool::Lease(long item) {
  std::string leased;
  db_.Transaction([&] {
    auto mine = db_.Query("SELECT ip FROM ip_lease WHERE module = ? AND item = ?", {std::to_string(module_), std::to_string(item)});
    if (!mine.empty()) {
      leased = *mine[0][0];
      return;
    }
    for (auto [first, last] : ParseRanges(ranges_)) {
      for (std::uint64_t ip = first; ip <= last; ++ip) {
        std::string text = FormatIp(static_cast<std::uint32_t>(ip));
        db_.Exec("INSERT OR IGNORE INTO ip_lease (module, ip, item) VALUES (?, ?, ?)",
                 {std::to_string(module_), text, std::to_string(item)});
        if (db_.Changes() == 1) {
          leased = text;
          return;
        }
      }
    }
  });
  if (leased.empty()) throw core::Error(core::ErrorType::Quota, "ip_pool", "the module's IP pool has no free address");
  return leased;
}

void IpPool::Release(long item) {
  db_.Exec("DELETE FROM ip_lease WHERE module = ? AND item = ?", {std::to_string(module_), std::to_string(item)});
}

}  // namespace pm::vps
