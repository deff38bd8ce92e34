#include "pvesim/backups.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <map>
#include <set>

#include "pvesim/api_error.h"
#include "pvesim/auth.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {

// The node's wall clock: epoch seconds shifted by the zone's offset, broken down as if UTC.
std::tm LocalTime(int64_t time, const TimeZone& zone) {
  std::time_t t = static_cast<std::time_t>(time + zone.offset_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

std::string Strftime(const char* format, int64_t time, const TimeZone& zone) {
  std::tm tm = LocalTime(time, zone);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

// One pass of $prune_mark: keep the newest backup of each of the first `count` distinct ids.
void MarkPass(std::vector<PruneEntry>& entries, long long count,
              const std::function<std::string(int64_t)>& id_of) {
  if (count <= 0) return;
  std::set<std::string> already, newly;
  for (const PruneEntry& entry : entries) {
    if (entry.mark == "keep") already.insert(id_of(entry.ctime));
  }
  for (PruneEntry& entry : entries) {
    std::string id = id_of(entry.ctime);
    if (!entry.mark.empty() || already.count(id)) continue;
    if (!newly.count(id)) {
      if (static_cast<long long>(newly.size()) >= count) break;
      newly.insert(id);
      entry.mark = "keep";
    } else {
      entry.mark = "remove";
    }
  }
}

long long KeepCount(const PropertyMap& keep, const char* key) {
  auto it = keep.find(key);
  return it == keep.end() ? 0 : std::stoll(it->second);
}

// prune_mark_backup_group; entries already marked (protected) are left alone.
void MarkGroup(std::vector<PruneEntry>& group, const PropertyMap& keep, const TimeZone& zone) {
  if (KeepsAll(keep)) {
    for (PruneEntry& entry : group) {
      if (entry.mark.empty() || entry.mark == "remove") entry.mark = "keep";
    }
    return;
  }
  std::sort(group.begin(), group.end(),
            [](const PruneEntry& a, const PruneEntry& b) { return a.ctime > b.ctime; });
  MarkPass(group, KeepCount(keep, "keep-last"), [](int64_t t) { return std::to_string(t); });
  auto local = [&zone](const char* format) {
    return [format, &zone](int64_t t) { return Strftime(format, t, zone); };
  };
  MarkPass(group, KeepCount(keep, "keep-hourly"), local("%H/%d/%m/%Y"));
  MarkPass(group, KeepCount(keep, "keep-daily"), local("%d/%m/%Y"));
  MarkPass(group, KeepCount(keep, "keep-weekly"), local("%V/%G"));
  MarkPass(group, KeepCount(keep, "keep-monthly"), local("%m/%Y"));
  MarkPass(group, KeepCount(keep, "keep-yearly"), local("%Y"));
  for (PruneEntry& entry : group) {
    if (entry.mark.empty()) entry.mark = "remove";
  }
}

}  // namespace

std::optional<ArchiveInfo> ParseArchiveName(const std::string& filename, const TimeZone& zone) {
  static const std::string kPattern =
      R"(vzdump-(qemu|lxc|openvz)-(\d+)-(\d{4})_(\d{2})_(\d{2})-(\d{2})_(\d{2})_(\d{2})\.(vma(\.(zst|gz|lzo))?|tar(\.(zst|gz|lzo))?|tgz))";
  std::smatch m;
  if (!std::regex_match(filename, m, RegexFor(kPattern))) return std::nullopt;
  std::tm tm{};
  tm.tm_year = std::stoi(m[3].str()) - 1900;
  tm.tm_mon = std::stoi(m[4].str()) - 1;
  tm.tm_mday = std::stoi(m[5].str());
  tm.tm_hour = std::stoi(m[6].str());
  tm.tm_min = std::stoi(m[7].str());
  tm.tm_sec = std::stoi(m[8].str());
  int64_t ctime = static_cast<int64_t>(timegm(&tm)) - zone.offset_seconds;
  return ArchiveInfo{m[1].str(), std::stoi(m[2].str()), ctime, m[9].str()};
}

std::string ArchiveBaseName(int vmid, int64_t time, const TimeZone& zone) {
  return "vzdump-qemu-" + std::to_string(vmid) + Strftime("-%Y_%m_%d-%H_%M_%S", time, zone);
}

std::string LocalTimestamp(int64_t time, const TimeZone& zone) {
  return Strftime("%Y-%m-%d %H:%M:%S", time, zone);
}

std::string VolumePath(const Storage& storage, const Volume& volume) {
  std::string name = volume.Name();
  if (!storage.IsFileBased()) return "/dev/pve/" + name;
  if (volume.content == "backup") return storage.path + "/dump/" + name.substr(name.find('/') + 1);
  if (volume.content == "images") return storage.path + "/images/" + name;
  return storage.path + "/template/" + name;
}

void CheckVolumeAccess(const State& state, const std::string& user, const Volume& volume) {
  std::string acl = "/storage/" + volume.Storage();
  if (volume.content == "iso" || volume.content == "vztmpl") {
    RequireAnyPrivilege(state, user, acl, {"Datastore.AllocateSpace", "Datastore.Audit"});
  } else if (volume.content == "backup" && volume.vmid) {
    RequirePrivilege(state, user, acl, "Datastore.AllocateSpace");
    RequirePrivilege(state, user, "/vms/" + std::to_string(volume.vmid), "VM.Backup");
  } else {
    RequirePrivilege(state, user, acl, "Datastore.Allocate");
  }
}

std::vector<PruneEntry> MarkBackups(const State& state, const std::string& node,
                                    const std::string& storage, int vmid, const PropertyMap& keep) {
  std::vector<PruneEntry> all, group;
  for (const Volume* volume : state.VolumesOn(node, storage)) {
    if (volume->content != "backup" || volume->vmid != vmid) continue;
    std::string file = volume->Name().substr(volume->Name().find('/') + 1);
    auto info = ParseArchiveName(file, state.timezone);
    if (info && info->type != "qemu") continue;
    PruneEntry entry{volume->volid, info ? info->ctime : volume->ctime, info ? "" : "renamed"};
    if (volume->is_protected) entry.mark = "protected";
    (info ? group : all).push_back(entry);
  }
  MarkGroup(group, keep, state.timezone);
  all.insert(all.end(), group.begin(), group.end());
  return all;
}

std::string RetentionText(const PropertyMap& keep) {
  std::vector<std::string> parts;
  for (const auto& [key, value] : keep) parts.push_back(key + "=" + value);
  return Join(parts, ", ");
}

bool KeepsAll(const PropertyMap& keep) {
  auto all = keep.find("keep-all");
  if (all != keep.end() && all->second == "1") return true;
  for (const auto& [key, value] : keep) {
    if (key != "keep-all" && IsInteger(value) && std::stoll(value) > 0) return false;
  }
  return true;
}

}  // namespace pvesim
