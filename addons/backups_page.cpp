#include "backups_page.h"

#include <cstdio>
#include <algorithm>
#include <ctime>
#include <vector>

#include <pugixml.hpp>

#include "backup/schedule.h"
#include "core/documents.h"
#include "core/error.h"
#include "pmproxmox/backup_requests.h"

namespace pm::addons {
namespace {

using pmproxmox::BackupRequests;
using pmproxmox::BackupsView;

std::string Param(const PageRequest& request, const std::string& name) {
  auto it = request.params.find(name);
  return it == request.params.end() ? "" : it->second;
}

// The service the page is about: plid (contract §6); the list opened from the service list's
// toolbar names it as the selected elid instead.
long ServiceOf(const PageRequest& request) {
  std::string text = Param(request, "plid");
  if (text.empty() && request.func == "vds.backups") text = Param(request, "elid");
  if (text.empty()) throw core::MissedError("plid");
  if (text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    throw core::ValueError("plid", "'" + text + "' is not a service id");
  }
  return std::stol(text);
}

void RequireCaller(const PageRequest& request, core::Panel& panel, long item) {
  if (request.level == "29") return;  // the panel's admins see every service
  if (request.user.empty()) throw core::Error(core::ErrorType::Access, "user", "no user is signed in");
  panel.RequireOwner(item, request.user);
}

std::string LocalTime(std::int64_t epoch) {
  std::time_t time = static_cast<std::time_t>(epoch);
  std::tm parts{};
  localtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts);
  return text;
}

std::string HumanSize(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

// The request's own document (it carries the panel's metadata and messages), or a new one.
pugi::xml_node DocumentRoot(pugi::xml_document& doc, const PageRequest& request) {
  if (!request.document.empty() && doc.load_string(request.document.c_str()) && doc.child("doc")) {
    return doc.child("doc");
  }
  doc.reset();
  return doc.append_child("doc");
}

void Add(pugi::xml_node parent, const char* name, const std::string& value) {
  parent.append_child(name).text().set(value.c_str());
}

// <banner id="msg_…"><param name="…">…</param></banner>: the text comes from the function's
// messages in the descriptor, with __name__ replaced by the param.
void Banner(pugi::xml_node root, const char* message, const char* param = nullptr, const std::string& value = "") {
  auto banner = root.append_child("banner");
  banner.append_attribute("id") = message;
  if (!param) return;
  auto node = banner.append_child("param");
  node.append_attribute("name") = param;
  node.text().set(value.c_str());
}

const char* JobMessage(const std::string& kind) {
  return kind == "backup" ? "job_create" : kind == "restore" ? "job_restore" : "job_delete";
}

std::string StateOf(const BackupsView& view, const pmproxmox::BackupCopy& copy) {
  for (const auto& job : view.running) {
    if (job.copy_id == copy.id) return job.kind == "restore" ? "restoring" : "removing";
  }
  if (view.failed_restore && view.failed_restore->copy_id == copy.id) return "restore_failed";
  return "ready";
}

// A row for a backup job that has no copy (yet): its id is not a copy's, so no action takes it.
pugi::xml_node JobRow(pugi::xml_node root, const pmproxmox::BackupJob& job, const char* state) {
  auto elem = root.append_child("elem");
  Add(elem, "id", "job-" + std::to_string(job.id));
  Add(elem, "created", LocalTime(job.created));
  Add(elem, "notes", job.notes);
  Add(elem, "size", "");
  Add(elem, "state", state);
  return elem;
}

void List(pugi::xml_node root, const BackupsView& view, long item) {
  Add(root, "plid", std::to_string(item));
  std::string quota = std::to_string(view.used) + "/" + std::to_string(view.limit);
  Add(root, "quota", quota);
  Banner(root, "msg_quota", "quota", quota);
  Banner(root, "msg_schedule_info");
  Banner(root, "msg_snapshot_warning");
  if (view.failed_restore) Banner(root, "msg_restore_failed", "error", view.failed_restore->error);
  for (const auto& job : view.running) Banner(root, "msg_job_running", "job", JobMessage(job.kind));
  for (const auto& copy : view.copies) {
    auto elem = root.append_child("elem");
    Add(elem, "id", copy.id);
    Add(elem, "created", LocalTime(copy.ctime));
    Add(elem, "notes", copy.notes);
    Add(elem, "size", HumanSize(copy.size));
    Add(elem, "state", StateOf(view, copy));
    if (view.failed_restore && view.failed_restore->copy_id == copy.id) Add(elem, "error", view.failed_restore->error);
  }
  for (const auto& job : view.running) {
    if (job.kind == "backup") JobRow(root, job, "creating");  // a backup being made is a row of its own
  }
  if (view.failed_backup) Add(JobRow(root, *view.failed_backup, "failed"), "error", view.failed_backup->error);
}

// Group actions send the selected rows as "id1, id2".
std::vector<std::string> SelectedIds(const PageRequest& request) {
  std::vector<std::string> ids;
  std::string all = Param(request, "elid");
  for (size_t start = 0; start <= all.size();) {
    size_t comma = std::min(all.find(',', start), all.size());
    std::string id = all.substr(start, comma - start);
    id.erase(0, id.find_first_not_of(' '));
    id.erase(id.find_last_not_of(' ') + 1);
    if (!id.empty()) ids.push_back(id);
    start = comma + 1;
  }
  if (ids.empty()) throw core::MissedError("elid");
  return ids;
}

backup::Schedule ScheduleFrom(const PageRequest& request) {
  backup::Schedule schedule;
  for (size_t day = 0; day < backup::kDayNames.size(); ++day) {
    std::string name = backup::kDayNames[day];
    std::string enabled = Param(request, name);
    if (!enabled.empty() && enabled != "on" && enabled != "off") throw core::ValueError(name, "'" + enabled + "' is not on or off");
    schedule.days[day].enabled = enabled == "on";
    std::string time = Param(request, name + "_time");
    if (time.empty() && !schedule.days[day].enabled) continue;  // keeps 03:00
    auto minute = backup::ParseTime(time);
    if (!minute) throw core::ValueError(name + "_time", "'" + time + "' is not a time HH:MM");
    schedule.days[day].minute = *minute;
  }
  return schedule;
}

void ScheduleForm(pugi::xml_node root, const backup::Schedule& schedule) {
  for (size_t day = 0; day < backup::kDayNames.size(); ++day) {
    std::string name = backup::kDayNames[day];
    Add(root, name.c_str(), schedule.days[day].enabled ? "on" : "off");
    Add(root, (name + "_time").c_str(), backup::FormatTime(schedule.days[day].minute));
  }
  Banner(root, "msg_schedule_info");
}

void Answer(const PageRequest& request, PageContext& context, long item, pugi::xml_node root) {
  BackupRequests requests(context.state, context.log, item);
  bool submit = Param(request, "sok") == "ok";
  if (request.func == "vds.backups") return List(root, requests.View(), item);
  if (request.func == "vds.backups.new" && !submit) {
    Add(root, "plid", std::to_string(item));
    Add(root, "notes", "");
    return Banner(root, "msg_snapshot_warning");
  }
  if (request.func == "vds.backups.schedule" && !submit) {
    Add(root, "plid", std::to_string(item));
    return ScheduleForm(root, requests.View().schedule);
  }
  if (request.func == "vds.backups.schedule") {
    requests.SaveSchedule(ScheduleFrom(request));
  } else if (request.func == "vds.backups.new") {
    context.log.Info("item " + std::to_string(item) + ": backup job " + std::to_string(requests.BackupNow(Param(request, "notes"))) + " queued");
  } else if (request.func == "vds.backups.restore") {
    auto ids = SelectedIds(request);
    if (ids.size() != 1) throw core::ValueError("elid", "choose exactly one backup to restore");
    context.log.Info("item " + std::to_string(item) + ": restore job " + std::to_string(requests.Restore(ids[0])) + " queued");
  } else if (request.func == "vds.backups.delete") {
    for (const auto& id : SelectedIds(request)) {
      context.log.Info("item " + std::to_string(item) + ": delete job " + std::to_string(requests.Remove(id)) + " queued");
    }
  } else {
    throw core::Error(core::ErrorType::Value, "func", "unknown function '" + request.func + "'");
  }
  if (request.func != "vds.backups.schedule") context.start_tick();
  root.append_child("ok");
}

}  // namespace

std::string AnswerBackupsPage(const PageRequest& request, PageContext& context) {
  try {
    long item = ServiceOf(request);
    RequireCaller(request, context.panel, item);
    pugi::xml_document doc;
    Answer(request, context, item, DocumentRoot(doc, request));
    return core::ToXmlText(doc);
  } catch (const core::Error& error) {
    context.log.Warning(request.func + " refused: " + error.what());
    return core::ErrorDocument(error, Param(request, "lang").empty() ? "en" : Param(request, "lang"));
  } catch (const std::exception& failure) {
    context.log.Error(request.func + " failed: " + failure.what());
    return core::ErrorDocument(core::Error(core::ErrorType::Internal, "", failure.what()), "en");
  }
}

}  // namespace pm::addons
