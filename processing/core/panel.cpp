#include "core/panel.h"

#include "core/error.h"

namespace pm::core {

void Panel::SaveParam(long item, const std::string& name, const std::string& value) {
  Call("service.saveparam", {{"elid", std::to_string(item)}, {"name", name}, {"value", value}});
}

void Panel::SaveSecretParam(long item, const std::string& name, const std::string& value) {
  Call("service.saveparam", {{"elid", std::to_string(item)}, {"name", name}, {"crypted", "on"}},
       std::make_pair(std::string("value"), value));
}

void Panel::PostCommand(const std::string& command, long item) {
  Call("service.post" + command, {{"elid", std::to_string(item)}});
}

void Panel::RunningOperationFailed(long operation, const std::string& error_xml) {
  Call("runningoperation.edit", {{"elid", std::to_string(operation)}, {"errorxml", error_xml}});
}

void Panel::RequireOwner(long item, const std::string& user) {
  try {
    Read("vds.edit", {{"elid", std::to_string(item)}, {"su", user}});
  } catch (const Error&) {
    throw Error(ErrorType::Access, "elid", "service " + std::to_string(item) + " is not yours");
  }
}

}  // namespace pm::core
