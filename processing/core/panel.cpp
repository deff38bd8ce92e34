#include "core/panel.h"

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

}  // namespace pm::core
