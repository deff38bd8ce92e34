#include "proxmox/vm_config.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "common/numbers.h"

namespace pm::proxmox {

PropertyString PropertyString::Parse(const std::string& text, const std::string& bare_key) {
  PropertyString parsed;
  parsed.bare_key_ = bare_key;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (item.empty()) continue;
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      parsed.items_.emplace_back(bare_key, item);
    } else {
      parsed.items_.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
  }
  return parsed;
}

std::optional<std::string> PropertyString::Get(const std::string& key) const {
  for (const auto& [name, value] : items_) {
    if (name == key) return value;
  }
  return std::nullopt;
}

void PropertyString::Set(const std::string& key, const std::string& value) {
  for (auto& [name, current] : items_) {
    if (name == key) {
      current = value;
      return;
    }
  }
  items_.emplace_back(key, value);
}

void PropertyString::Erase(const std::string& key) {
  std::erase_if(items_, [&](const auto& item) { return item.first == key; });
}

std::string PropertyString::Format() const {
  std::string text;
  for (const auto& [name, value] : items_) {
    if (!text.empty()) text += ',';
    text += (!bare_key_.empty() && name == bare_key_) ? value : name + "=" + value;
  }
  return text;
}

namespace {

bool IsNicModel(const std::string& key) {
  for (const char* model : {"virtio", "e1000", "e1000e", "rtl8139", "vmxnet3", "i82551", "i82557b", "i82559er", "ne2k_isa", "ne2k_pci", "pcnet"}) {
    if (key == model) return true;
  }
  return key.rfind("e1000-", 0) == 0;
}

}  // namespace

NetDevice NetDevice::Parse(const std::string& text) {
  NetDevice device;
  PropertyString all = PropertyString::Parse(text);
  for (const auto& [key, value] : all.items()) {
    if (IsNicModel(key)) {
      device.model = key;
      device.mac = value;
    } else if (key == "model") {
      device.model = value;
    } else if (key == "macaddr") {
      device.mac = value;
    } else {
      device.rest.Set(key, value);
    }
  }
  return device;
}

std::string NetDevice::Format() const {
  std::string head = mac.empty() ? "model=" + model : model + "=" + mac;
  std::string tail = rest.Format();
  return tail.empty() ? head : head + "," + tail;
}

std::optional<std::uint64_t> ParseSize(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t unit = 1;
  std::string number = text;
  switch (text.back()) {
    case 'K': unit = 1ULL << 10; break;
    case 'M': unit = 1ULL << 20; break;
    case 'G': unit = 1ULL << 30; break;
    case 'T': unit = 1ULL << 40; break;
    default: break;
  }
  if (unit != 1) number.pop_back();
  // PVE writes sizes as \d+(\.\d+)?[KMGT]?: no exponent, sign or bare point.
  auto point = number.find('.');
  bool digits = !number.empty() && number.find_first_not_of("0123456789.") == std::string::npos && point != 0 &&
                point + 1 != number.size() && number.find('.', point + 1) == std::string::npos;
  if (!digits) return std::nullopt;
  auto value = common::ParseDecimal(number);
  // No disk is near 2^63 bytes (8 EiB); past it the conversion would be undefined.
  if (!value || *value < 0 || *value * static_cast<double>(unit) >= 9.2e18) return std::nullopt;
  return static_cast<std::uint64_t>(std::llround(*value * static_cast<double>(unit)));
}

std::string FormatDecimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace pm::proxmox
