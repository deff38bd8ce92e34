#include "vm5sim/views.h"

#include <algorithm>

#include "simcommon/digest.h"

namespace vm5sim {

std::string OnOff(bool value) { return value ? "on" : "off"; }

std::string PrimaryIp(const World& world, const Vm& vm) {
  if (vm.ips.empty()) return "";
  const Ip* ip = simcommon::FindById(world.ips, vm.ips.front());
  return ip ? IpText(ip->value) : "";
}

void AddVmRow(const World& world, const Vm& vm, Element& doc) {
  Element& row = doc.Row();
  const User* owner = simcommon::FindById(world.users, vm.user);
  row.Add("id", std::to_string(vm.id));
  row.Add("name", vm.name);
  row.Add("domain", vm.domain);
  row.Add("ip", PrimaryIp(world, vm));
  row.Add("user", owner ? owner->name : "");
  row.Add("uid", std::to_string(vm.user));
  row.Add("mem", std::to_string(vm.mem));
  row.Add("vcpu", std::to_string(vm.vcpu));
  row.Add("cputune", std::to_string(vm.cputune));
  row.Add("vsize", std::to_string(vm.vsize));
  row.Add("osname", vm.osname);
  row.Add("hostnode", std::to_string(vm.node));
  row.Add("state", vm.state);
  row.Add("blocked", OnOff(vm.blocked));
  // Clients test these for presence (notes B3), so they are there only while installing.
  if (vm.installing) {
    row.Flag("installos");
    row.Flag("installing");
  }
}

void AddVmForm(const World& world, const Vm& vm, Element& doc) {
  doc.Add("elid", std::to_string(vm.id));
  doc.Add("name", vm.name);
  doc.Add("domain", vm.domain);
  doc.Add("osname", vm.osname);
  doc.Add("vcpu", std::to_string(vm.vcpu));
  doc.Add("cputune", std::to_string(vm.cputune));
  doc.Add("mem", std::to_string(vm.mem));
  doc.Add("vsize", std::to_string(vm.vsize));
  doc.Add("ip", PrimaryIp(world, vm));
  doc.Add("user", std::to_string(vm.user));
  doc.Add("state", vm.state);
  doc.Add("osinstalled", OnOff(vm.osinstalled));
  doc.Add("blocked", OnOff(vm.blocked));
}

void AddUserRow(const User& user, Element& doc) {
  Element& row = doc.Row();
  row.Add("id", std::to_string(user.id));
  row.Add("name", user.name);
  row.Add("level", std::to_string(user.level));
  row.Add("enabled", OnOff(user.enabled));
}

nlohmann::json VmState(const World& world, const Vm& vm, double now) {
  nlohmann::json ips = nlohmann::json::array();
  for (int id : vm.ips) {
    if (const Ip* ip = simcommon::FindById(world.ips, id)) ips.push_back(IpText(ip->value));
  }
  return {{"id", vm.id},
          {"name", vm.name},
          {"domain", vm.domain},
          {"uid", vm.user},
          {"mem", vm.mem},
          {"vcpu", vm.vcpu},
          {"cputune", vm.cputune},
          {"vsize", vm.vsize},
          {"osname", vm.osname},
          {"hostnode", vm.node},
          {"state", vm.state},
          {"blocked", vm.blocked},
          {"osinstalled", vm.osinstalled},
          {"installing", vm.installing},
          {"install_seconds_left", vm.installing ? std::max(0.0, vm.install_ends - now) : 0.0},
          {"install_hang", vm.install_hang},
          {"pending_state",
           vm.pending_state ? nlohmann::json(*vm.pending_state) : nlohmann::json(nullptr)},
          {"recipe", vm.recipe},
          {"sshpubkey", vm.sshpubkey},
          {"password_sha256", simcommon::Sha256Hex(vm.password)},
          {"ips", ips}};
}

nlohmann::json UserState(const User& user) {
  return {{"id", user.id},
          {"name", user.name},
          {"level", user.level},
          {"enabled", user.enabled},
          {"password_sha256", simcommon::Sha256Hex(user.password)}};
}

}  // namespace vm5sim
