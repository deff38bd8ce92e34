#include "proxmox/backups.h"

#include <stdexcept>

#include "http/form.h"
#include "proxmox/errors.h"
#include "proxmox/fields.h"
#include "proxmox/tasks.h"

namespace pm::proxmox {
namespace {

constexpr std::size_t kNotesTemplateMax = 1024;  // vzdump's maxLength for notes-template

// PVE takes the whole rest of the path as {volume}, so the volid could go in raw; encoded, ':'
// and '/' reach it the same way and nothing in a volid can be misread as path syntax.
std::string VolumePath(const std::string& node, const std::string& volid) {
  std::string storage = StorageOf(volid);
  if (storage.empty()) throw std::invalid_argument("not a volume id (storage:name): '" + volid + "'");
  return "/nodes/" + node + "/storage/" + storage + "/content/" + http::PercentEncode(volid);
}

BackupVolume VolumeFrom(const nlohmann::json& row) {
  BackupVolume volume;
  volume.volid = TextField(row, "volid");
  volume.storage = StorageOf(volume.volid);
  volume.vmid = static_cast<int>(NumberField(row, "vmid"));
  volume.ctime = NumberField(row, "ctime");
  volume.size = static_cast<std::uint64_t>(NumberField(row, "size"));
  volume.notes = TextField(row, "notes");
  volume.protected_copy = FlagField(row, "protected");
  volume.format = TextField(row, "format");
  return volume;
}

}  // namespace

std::optional<std::string> Backups::Start(const VzdumpRequest& request) {
  Params params = {{"vmid", std::to_string(request.vmid)},
                   {"storage", request.storage},
                   {"mode", request.mode},
                   {"compress", request.compress},
                   {"prune-backups", "keep-all=1"}};
  if (!request.notes_template.empty()) params.emplace_back("notes-template", request.notes_template);
  auto answer = api_.Post("/nodes/" + request.node + "/vzdump", params);
  if (!IsUpid(answer)) return std::nullopt;  // "OK": the VM is not on that node (notes §16)
  return answer.get<std::string>();
}

std::vector<BackupVolume> Backups::List(const std::string& node, const std::string& storage,
                                        std::optional<int> vmid) {
  Params query = {{"content", "backup"}};
  if (vmid) query.emplace_back("vmid", std::to_string(*vmid));
  std::vector<BackupVolume> volumes;
  for (const auto& row : Rows(api_.Get("/nodes/" + node + "/storage/" + storage + "/content", query))) {
    if (!TextField(row, "volid").empty()) volumes.push_back(VolumeFrom(row));
  }
  return volumes;
}

void Backups::SetNotes(const std::string& node, const std::string& volid, const std::string& text) {
  api_.Put(VolumePath(node, volid), {{"notes", text}});
}

std::optional<std::string> Backups::DeleteAsync(const std::string& node, const std::string& volid) {
  return UpidOrDone(api_.Delete(VolumePath(node, volid)));
}

std::string Backups::RestoreAsync(const std::string& node, int vmid, const std::string& volid,
                                  const std::string& storage) {
  Params params = {{"vmid", std::to_string(vmid)}, {"archive", volid}, {"force", "1"}};
  if (!storage.empty()) params.emplace_back("storage", storage);
  auto upid = UpidOrDone(api_.Post("/nodes/" + node + "/qemu", params));
  if (!upid) throw UnexpectedAnswer("Proxmox started no restore task");
  return *upid;
}

bool IsSafeNotesTemplate(const std::string& text) {
  if (text.empty() || text.size() > kNotesTemplateMax) return false;
  for (unsigned char c : text) {
    bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == ' ' || c == '=' || c == '_' || c == '.' || c == ':' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

std::string StorageOf(const std::string& volid) {
  auto colon = volid.find(':');
  return colon == std::string::npos ? "" : volid.substr(0, colon);
}

}  // namespace pm::proxmox
