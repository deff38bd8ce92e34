// Named value formats of the PVE JSON schema (PVE::JSONSchema::register_format and friends),
// with the exact texts their validators die with.
#include <arpa/inet.h>

#include <functional>
#include <map>
#include <stdexcept>

#include "pvesim/params.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {

using Check = std::function<std::optional<std::string>(const std::string&)>;

bool Matches(const std::string& value, const char* pattern) { return FullMatch(value, pattern); }

Check Regex(const char* pattern, std::string message) {
  return [pattern, message](const std::string& value) -> std::optional<std::string> {
    if (Matches(value, pattern)) return std::nullopt;
    return message;
  };
}

const char* kIpv4 =
    R"((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))";

bool IsIpv4(const std::string& value) { return Matches(value, kIpv4); }

bool IsIpv6(const std::string& value) {
  in6_addr address{};
  return inet_pton(AF_INET6, value.c_str(), &address) == 1;
}

bool IsDnsName(const std::string& value) {
  return Matches(
      value,
      R"(^(([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?)\.)*([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?)$)");
}

// CIDR with a prefix length in (7, max], as pve_verify_cidrv4/v6.
bool IsCidr(const std::string& value, bool v6) {
  auto slash = value.find('/');
  if (slash == std::string::npos) return false;
  std::string address = value.substr(0, slash);
  std::string bits = value.substr(slash + 1);
  if (!Matches(bits, R"(\d{1,3})")) return false;
  int prefix = std::stoi(bits);
  if (v6) return IsIpv6(address) && prefix > 7 && prefix <= 128;
  return IsIpv4(address) && prefix > 7 && prefix <= 32;
}

std::optional<std::string> StorageId(const std::string& value) {
  if (value.size() < 2) return "storage ID '" + value + "' cannot be shorter than 2 characters\n";
  if (!Matches(value, R"([a-zA-Z][a-zA-Z0-9\-_.]*[a-zA-Z0-9])")) {
    return "storage ID '" + value + "' contains illegal characters\n";
  }
  return std::nullopt;
}

std::optional<std::string> VolumeId(const std::string& value) {
  if (Matches(value, R"(([a-zA-Z][a-zA-Z0-9\-_.]*[a-zA-Z0-9]):(.+))")) return std::nullopt;
  return "unable to parse volume ID '" + value + "'\n";
}

std::optional<std::string> VolumeIdOrPath(const std::string& value) {
  if (!value.empty() && value[0] == '/') return std::nullopt;
  return VolumeId(value);
}

std::optional<std::string> BootDevice(const std::string& value) {
  static const char* kDevices =
      R"((ide[0-3]|sata[0-5]|scsi([12]?\d|30)|virtio(1[0-5]|\d)|net([12]?\d|3[01])|usb([0-4])|hostpci(1[0-5]|\d)))";
  if (Matches(value, kDevices)) return std::nullopt;
  return "invalid boot device '" + value + "'\n";
}

const std::map<std::string, Check>& Formats() {
  static const std::map<std::string, Check> formats = {
      {"pve-vmid", Regex(R"([1-9][0-9]{2,8})", "value does not look like a valid VM ID\n")},
      {"pve-node", Regex(R"([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?)",
                         "value does not look like a valid node name\n")},
      {"pve-storage-id", StorageId},
      {"dns-name",
       [](const std::string& v) -> std::optional<std::string> {
         if (IsDnsName(v)) return std::nullopt;
         return "value does not look like a valid DNS name\n";
       }},
      {"urlencoded",
       [](const std::string& v) -> std::optional<std::string> {
         if (Matches(v, R"([-%a-zA-Z0-9_.!~*'()]*)")) return std::nullopt;
         return "invalid urlencoded string: " + v + "\n";
       }},
      {"pve-configid",
       [](const std::string& v) -> std::optional<std::string> {
         if (Matches(v, R"([a-zA-Z][a-zA-Z0-9_-]+)")) return std::nullopt;
         return "invalid configuration ID '" + v + "'\n";
       }},
      {"pve-tag", Regex(R"([a-zA-Z0-9_][a-zA-Z0-9_\-+.]*)", "invalid characters in tag\n")},
      {"address",
       [](const std::string& v) -> std::optional<std::string> {
         if (IsIpv4(v) || IsIpv6(v) || IsDnsName(v)) return std::nullopt;
         return "value does not look like a valid address: " + v + "\n";
       }},
      {"mac-addr", Regex(R"([a-fA-F0-9][02468aceACE](:[a-fA-F0-9]{2}){5})",
                         "value does not look like a valid unicast MAC address\n")},
      {"pve-bridge-id",
       [](const std::string& v) -> std::optional<std::string> {
         if (Matches(v, R"([-_.\w\d]+)")) return std::nullopt;
         return "invalid bridge ID '" + v + "'\n";
       }},
      {"disk-size",
       [](const std::string& v) -> std::optional<std::string> {
         if (ParseSize(v)) return std::nullopt;
         return "value does not look like a valid disk size: " + v + "\n";
       }},
      {"pve-volume-id", VolumeId},
      {"pve-volume-id-or-qm-path",
       [](const std::string& v) -> std::optional<std::string> {
         if (v == "none" || v == "cdrom") return std::nullopt;
         return VolumeIdOrPath(v);
       }},
      {"pve-volume-id-or-absolute-path", VolumeIdOrPath},
      {"ipv4",
       [](const std::string& v) -> std::optional<std::string> {
         if (IsIpv4(v)) return std::nullopt;
         return "value does not look like a valid IPv4 address\n";
       }},
      {"ipv6",
       [](const std::string& v) -> std::optional<std::string> {
         if (IsIpv6(v)) return std::nullopt;
         return "value does not look like a valid IPv6 address\n";
       }},
      {"pve-ipv4-config",
       [](const std::string& v) -> std::optional<std::string> {
         if (v == "dhcp" || v == "manual" || IsCidr(v, false)) return std::nullopt;
         return "value does not look like a valid ipv4 network configuration\n";
       }},
      {"pve-ipv6-config",
       [](const std::string& v) -> std::optional<std::string> {
         if (v == "auto" || v == "dhcp" || v == "manual" || IsCidr(v, true)) return std::nullopt;
         return "value does not look like a valid ipv6 network configuration\n";
       }},
      {"pve-qm-bootdev", BootDevice},
      {"pve-storage-content",
       [](const std::string& v) -> std::optional<std::string> {
         if (Matches(v, "images|rootdir|vztmpl|iso|backup|snippets|import|none")) {
           return std::nullopt;
         }
         return "invalid content type '" + v + "'\n";
       }},
      {"pve-hotplug-features",
       [](const std::string& v) -> std::optional<std::string> {
         if (v == "0" || v == "1") return std::nullopt;
         for (const std::string& feature : SplitList(v)) {
           if (!Matches(feature, "network|disk|cpu|memory|usb|cloudinit")) {
             return "invalid hotplug feature '" + feature + "'\n";
           }
         }
         return std::nullopt;
       }},
      {"pve-task-status-type",
       [](const std::string& v) -> std::optional<std::string> {
         if (Matches(ToLower(v), "ok|error|warning|unknown")) return std::nullopt;
         return "invalid status '" + v + "'\n";
       }},
      {"pve-poolid", Regex(R"([A-Za-z0-9\-_]+(/[A-Za-z0-9\-_]+){0,2})", "invalid pool ID\n")},
      {"pve-realm",
       Regex(R"([A-Za-z][A-Za-z0-9\.\-_]+)", "value does not look like a valid realm\n")},
  };
  return formats;
}

}  // namespace

std::optional<std::string> CheckFormat(const std::string& format, const std::string& value) {
  static const std::string kList = "-list";
  bool is_list = format.size() > kList.size() &&
                 format.compare(format.size() - kList.size(), kList.size(), kList) == 0;
  std::string name = is_list ? format.substr(0, format.size() - kList.size()) : format;
  auto it = Formats().find(name);
  if (it == Formats().end()) throw std::logic_error("undefined format '" + format + "'");
  if (!is_list) return it->second(value);
  for (const std::string& item : SplitList(value)) {
    if (auto error = it->second(item)) return error;
  }
  return std::nullopt;
}

}  // namespace pvesim
