#include "pmvmmanager6/translate.h"

#include <nlohmann/json.hpp>

#include "vmmanager6/errors.h"
#include "vps/transport_errors.h"

namespace pm::pmvmmanager6 {
namespace {

using core::Error;
using core::ErrorType;
using vmmanager6::ErrorKind;

std::string WithCode(const vmmanager6::ApiError& e) {
  return e.code() ? std::string(e.what()) + " (code " + std::to_string(e.code()) + ")" : e.what();
}

Error FromApi(const vmmanager6::ApiError& e) {
  switch (e.kind()) {
    case ErrorKind::Auth:
      return Error(ErrorType::Auth, "vmmanager", "VMmanager refused the credentials: " + WithCode(e));
    case ErrorKind::Permission:
      return Error(ErrorType::Access, "vmmanager", WithCode(e));
    case ErrorKind::NotFound:
      return Error(ErrorType::NotFound, "vmmanager", WithCode(e));
    case ErrorKind::Asleep:
      return Error(ErrorType::Connection, "vmmanager", std::string(e.what()) + "; it did not wake up in time");
    default:
      return Error(ErrorType::Api, "vmmanager", WithCode(e));
  }
}

}  // namespace

std::optional<Error> Translate(const std::exception& failure) {
  if (auto api = dynamic_cast<const vmmanager6::ApiError*>(&failure)) return FromApi(*api);
  if (auto task = dynamic_cast<const vmmanager6::TaskFailed*>(&failure)) {
    return Error(ErrorType::Api, task->name(), task->what());
  }
  if (auto timeout = dynamic_cast<const vmmanager6::TaskTimeout*>(&failure)) {
    return Error(ErrorType::Api, "task", timeout->what());
  }
  if (auto lost = dynamic_cast<const vmmanager6::LostAnswer*>(&failure)) {
    return Error(ErrorType::Connection, "vmmanager",
                 std::string(lost->what()) + "; nothing it made was found: the next run looks again before asking anew");
  }
  if (dynamic_cast<const vmmanager6::UnexpectedAnswer*>(&failure) ||
      dynamic_cast<const nlohmann::json::exception*>(&failure)) {
    return Error(ErrorType::Api, "vmmanager", std::string("unexpected answer from VMmanager: ") + failure.what());
  }
  return vps::TranslateTransport(failure, "VMmanager");
}

}  // namespace pm::pmvmmanager6
