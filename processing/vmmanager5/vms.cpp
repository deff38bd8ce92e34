#include "vmmanager5/vms.h"

#include "common/numbers.h"
#include "vmmanager5/errors.h"

namespace pm::vmmanager5 {
namespace {

long long Whole(const Row& row, const char* column) {
  std::string text = Column(row, column);
  if (text.empty()) return 0;
  auto value = common::ParseWhole(text, 0, 1LL << 53);
  if (!value) throw UnexpectedAnswer(std::string("VMmanager's vm list has a non-number ") + column + " '" + text + "'");
  return *value;
}

Vm VmOf(const Row& row) {
  Vm vm;
  vm.id = Whole(row, "id");
  vm.name = Column(row, "name");
  vm.domain = Column(row, "domain");
  vm.ip = Column(row, "ip");
  vm.owner = Whole(row, "uid");
  vm.mem_mib = Whole(row, "mem");
  vm.vcpu = Whole(row, "vcpu");
  vm.cputune = Whole(row, "cputune");
  vm.vsize_mib = Whole(row, "vsize");
  vm.os = Column(row, "osname");
  vm.state = Column(row, "state");
  vm.blocked = Column(row, "blocked") == "on";
  vm.installing = row.count("installos") || row.count("installing");
  return vm;
}

std::string Number(long long value) { return std::to_string(value); }

}  // namespace

std::vector<Vm> ListVms(Api& api) {
  std::vector<Vm> vms;
  for (const auto& row : api.Read("vm").Rows()) vms.push_back(VmOf(row));
  return vms;
}

std::optional<Vm> FindVm(Api& api, long long id) {
  for (auto& vm : ListVms(api)) {
    if (vm.id == id) return vm;
  }
  return std::nullopt;
}

long long CreateVm(Api& api, const NewVm& vm) {
  http::FormFields form = {{"name", vm.name},         {"domain", vm.domain},       {"user", Number(vm.owner)},
                           {"password", vm.password}, {"confirm", vm.password},    {"vmi", vm.os},
                           {"hostnode", vm.node},     {"recipe", vm.recipe.empty() ? "null" : vm.recipe}};
  if (vm.preset) {
    form.emplace_back("preset", Number(*vm.preset));
  } else {
    form.insert(form.end(), {{"mem", Number(vm.mem_mib)},
                             {"vcpu", Number(vm.vcpu)},
                             {"cputune", Number(vm.cputune)},
                             {"vsize", Number(vm.vsize_mib)}});
  }
  if (vm.ip.empty()) {
    form.emplace_back("family", "ipv4");
  } else {
    form.insert(form.end(), {{"family", "special"}, {"ip", vm.ip}});
  }
  if (!vm.ssh_keys.empty()) form.emplace_back("sshpubkey", vm.ssh_keys);
  Answer answer = api.Submit("vm.edit", form);
  auto id = common::ParseWhole(answer.Field("id").value_or(""), 1, 1LL << 53);
  if (!id) throw UnexpectedAnswer("VMmanager created a VM but its answer carries no id");
  return *id;
}

void EditVm(Api& api, long long id, const VmChange& change) {
  if (change.Empty()) return;
  http::FormFields form = {{"elid", Number(id)}};
  if (change.mem_mib) form.emplace_back("mem", Number(*change.mem_mib));
  if (change.vcpu) form.emplace_back("vcpu", Number(*change.vcpu));
  if (change.cputune) form.emplace_back("cputune", Number(*change.cputune));
  if (change.owner) form.emplace_back("user", Number(*change.owner));
  if (change.name) form.emplace_back("name", *change.name);
  if (change.domain) form.emplace_back("domain", *change.domain);
  if (change.blocked) form.emplace_back("blocked", *change.blocked ? "on" : "off");
  api.Submit("vm.edit", form);
}

void StartVm(Api& api, long long id) { api.Act("vm.start", Number(id)); }
void StopVm(Api& api, long long id) { api.Act("vm.stop", Number(id)); }
void RestartVm(Api& api, long long id) { api.Act("vm.restart", Number(id)); }
void DeleteVm(Api& api, long long id) { api.Act("vm.delete", Number(id)); }

void ReinstallVm(Api& api, long long id, const std::string& os, const std::string& password,
                 const std::string& recipe) {
  api.Submit("vm.reinstall", {{"elid", Number(id)},
                              {"vmi", os},
                              {"password", password},
                              {"confirm", password},
                              {"recipe", recipe.empty() ? "null" : recipe}});
}

void ChangePassword(Api& api, long long id, const std::string& password) {
  api.Submit("vm.chpasswd", {{"elid", Number(id)}, {"password", password}, {"confirm", password}});
}

}  // namespace pm::vmmanager5
