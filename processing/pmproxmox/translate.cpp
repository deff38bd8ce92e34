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
      // 595: pveproxy could not connect to the node the request was for (notes §4).
      return Error(ErrorType::Connection, "proxmox",
                   e.status() == 595 ? std::string("Proxmox could not reach the node this is for (595 ") + e.what() + ")"
                                     : "Proxmox could not serve the request (" + std::to_string(e.status()) + " " + e.what() + ")");
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
                 std::string(lost->what()) + "; Proxmox shows no task it started (yet): if it still starts one, "
                                             "the next run takes that over instead of asking again");
  }
  if (dynamic_cast<const proxmox::UnexpectedAnswer*>(&failure) || dynamic_cast<const nlohmann::json::exception*>(&failure)) {
    return Error(ErrorType::Api, "proxmox", std::string("unexpected answer from Proxmox: ") + failure.what());
  }
  return vps::TranslateTransport(failure, "Proxmox");
}

}  // namespace pm::pmproxmox
