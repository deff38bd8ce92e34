// How the panel shows its objects: list rows, form fields, and the /_sim/state JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "vm5sim/document.h"
#include "vm5sim/world.h"

namespace vm5sim {

std::string OnOff(bool value);
// The VM's addresses, the primary one first.
std::string PrimaryIp(const World& world, const Vm& vm);

// One <elem> of `vm`: id name domain ip user uid mem vcpu cputune vsize osname hostnode state
// blocked, plus the empty `installos` and `installing` while the OS installs.
void AddVmRow(const World& world, const Vm& vm, Element& doc);
// The fields of vm.edit read with elid (notes §3 V5F).
void AddVmForm(const World& world, const Vm& vm, Element& doc);
void AddUserRow(const User& user, Element& doc);

nlohmann::json VmState(const World& world, const Vm& vm, double now);
nlohmann::json UserState(const User& user);

}  // namespace vm5sim
