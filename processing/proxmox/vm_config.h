// Property strings of a VM config (notes §9, §10): "virtio=BC:24:11:…,bridge=vmbr0,tag=5" or
// "local-lvm:vm-100-disk-0,size=32G,iothread=1". Parsed into ordered key/value pairs so a value
// can be rewritten without losing the keys we do not manage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pm::proxmox {

class PropertyString {
 public:
  // Items without '=' are stored under `bare_key` (e.g. "file" for drives).
  static PropertyString Parse(const std::string& text, const std::string& bare_key = "");

  std::optional<std::string> Get(const std::string& key) const;
  void Set(const std::string& key, const std::string& value);
  void Erase(const std::string& key);
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  std::string Format() const;

 private:
  std::string bare_key_;
  std::vector<std::pair<std::string, std::string>> items_;
};

// netN: the model key carries the MAC ("virtio=BC:24:…").
struct NetDevice {
  std::string model = "virtio";
  std::string mac;
  PropertyString rest;  // bridge, tag, rate, firewall, … in their order

  static NetDevice Parse(const std::string& text);
  std::string Format() const;
};

// "32G", "512M", "1T", "2048" (bytes) → bytes; nullopt when unreadable.
std::optional<std::uint64_t> ParseSize(const std::string& text);

// Proxmox numbers in property strings: "12.5", "100" (no trailing zeros).
std::string FormatDecimal(double value);

}  // namespace pm::proxmox
