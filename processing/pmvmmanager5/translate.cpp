#include "pmvmmanager5/translate.h"

#include "vmmanager5/errors.h"
#include "vps/transport_errors.h"

namespace pm::pmvmmanager5 {
namespace {

using core::Error;
using core::ErrorType;
using vmmanager5::ErrorKind;

// VMmanager names the refused field or object; the panel's error names it too, so that the
// admin sees which one (a refused address is `ip`, a refused disk `vsize`).
Error FromApi(const vmmanager5::ApiError& e) {
  std::string object = e.object().empty() ? "vmmanager" : e.object();
  std::string text = "VMmanager: " + std::string(e.what());
  switch (e.kind()) {
    case ErrorKind::Auth:
      return Error(ErrorType::Auth, "vmmanager", "VMmanager refused the login: " + std::string(e.what()));
    case ErrorKind::Access:
      return Error(ErrorType::Access, object, text);
    case ErrorKind::Value:
      return Error(ErrorType::Value, object, text);
    case ErrorKind::Missing:
      return Error(ErrorType::NotFound, object, text);
    default:
      return Error(ErrorType::Api, object, text + " (" + e.type() + ")");
  }
}

}  // namespace

std::optional<Error> Translate(const std::exception& failure) {
  if (auto api = dynamic_cast<const vmmanager5::ApiError*>(&failure)) return FromApi(*api);
  if (auto failed = dynamic_cast<const vmmanager5::InstallFailed*>(&failure)) {
    return Error(ErrorType::Api, "install", failed->what());
  }
  if (auto timeout = dynamic_cast<const vmmanager5::InstallTimeout*>(&failure)) {
    return Error(ErrorType::Api, "install",
                 std::string(timeout->what()) + "; the next run waits for the same VM again");
  }
  if (auto lost = dynamic_cast<const vmmanager5::LostAnswer*>(&failure)) {
    return Error(ErrorType::Connection, "vmmanager",
                 std::string(lost->what()) + "; nothing it made was found: the next run looks again before asking anew");
  }
  if (auto unexpected = dynamic_cast<const vmmanager5::UnexpectedAnswer*>(&failure)) {
    return Error(ErrorType::Api, "vmmanager", std::string("unexpected answer from VMmanager: ") + unexpected->what());
  }
  return vps::TranslateTransport(failure, "VMmanager");
}

}  // namespace pm::pmvmmanager5
