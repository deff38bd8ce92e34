#include "pmproxmox/translate.h"

#include "proxmox/errors.h"
#include "proxmox/tasks.h"
#include "vps/transport_errors.h"

namespace pm::pmproxmox {
namespace {

using core::Error;
using core::ErrorType;

Error FromApi(const proxmox::ApiError& e) {
  switch (e.kind()) {
    case proxmox::ErrorKind::Auth:
      return Error(ErrorType::Auth, "proxmox", std::string("Proxmox refused the credentials: ") + e.what());
    case proxmox::ErrorKind::Permission:
      return Error(ErrorType::Access, "proxmox", e.what());
    case proxmox::ErrorKind::Locked:
      return Error(ErrorType::Locked, e.lock(), e.what());
    case proxmox::ErrorKind::FileLockTimeout:
      return Error(ErrorType::Locked, "file-lock", e.what());
    case proxmox::ErrorKind::NotFound:
      return Error(ErrorType::NotFound, "vm", e.what());
    case proxmox::ErrorKind::Transient:
      return Error(ErrorType::Connection, "proxmox", e.what());
    default:
      return Error(ErrorType::Api, "proxmox", e.what());
  }
}

}  // namespace

std::optional<Error> Translate(const std::exception& failure) {
  if (auto api = dynamic_cast<const proxmox::ApiError*>(&failure)) return FromApi(*api);
  if (auto task = dynamic_cast<const proxmox::TaskError*>(&failure)) {
    if (!task->lock().empty()) return Error(ErrorType::Locked, task->lock(), task->what());
    if (task->file_lock_timeout()) return Error(ErrorType::Locked, "file-lock", task->what());
    return Error(ErrorType::Api, task->type(), task->what());
  }
  if (auto timeout = dynamic_cast<const proxmox::TaskTimeout*>(&failure)) {
    return Error(ErrorType::Api, "task", timeout->what());
  }
  if (auto lost = dynamic_cast<const proxmox::LostAnswer*>(&failure)) {
    return Error(ErrorType::Connection, "proxmox",
                 std::string(lost->what()) + "; Proxmox shows nothing it started, so nothing was changed: try again");
  }
  if (dynamic_cast<const proxmox::UnexpectedAnswer*>(&failure) || dynamic_cast<const nlohmann::json::exception*>(&failure)) {
    return Error(ErrorType::Api, "proxmox", std::string("unexpected answer from Proxmox: ") + failure.what());
  }
  return vps::TranslateTransport(failure, "Proxmox");
}

}  // namespace pm::pmproxmox
