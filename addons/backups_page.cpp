#include "backups_page.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <pugixml.hpp>

#include "backup/schedule.h"
#include "common/utf8.h"
#include "core/documents.h"
#include "core/error.h"
#include "core/numbers.h"
#include "page_times.h"
#include "vps/backups/requests.h"

namespace pm::addons {
namespace {

using vps::backups::BackupCopy;
using vps::backups::BackupJob;
using vps::backups::BackupRequests;
using vps::backups::BackupsView;
using vps::backups::JobKind;

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
  auto item = core::ParseWhole(text, 1, 999'999'999'999'999'999);
  if (!item) throw core::ValueError("plid", "'" + text + "' is not a service id");
  return static_cast<long>(*item);
}

void RequireCaller(const PageRequest& request, core::Panel& panel, long item) {
  if (request.level == "29") return;  // the panel's admins see every service
  if (request.user.empty()) throw core::Error(core::ErrorType::Access, "user", "no user is signed in");
  panel.RequireOwner(item, request.user);
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

// The request's own document (it carries the panel's metadata and messages), or a new one. It is
// echoed back, so it is taken only when all of it is what an XML document may hold: pugixml
// accepts names and text with bytes that are not UTF-8.
pugi::xml_node DocumentRoot(pugi::xml_document& doc, const PageRequest& request) {
  bool fit = common::XmlSafe(request.document) == request.document;
  if (!request.document.empty() && fit && doc.load_string(request.document.c_str()) && doc.child("doc")) {
    return doc.child("doc");
  }
  doc.reset();
  return doc.append_child("doc");
}

// Values may quote a hypervisor's text (a job's error): only what XML allows goes out.
void Add(pugi::xml_node parent, const char* name, const std::string& value) {
  parent.append_child(name).text().set(common::XmlSafe(value).c_str());
}

// <banner id="msg_…"><param name="…">…</param></banner>: the text comes from the function's
// messages in the descriptor, with __name__ replaced by each param.
void Banner(pugi::xml_node root, const char* message,
            const std::vector<std::pair<const char*, std::string>>& params = {}) {
  auto banner = root.append_child("banner");
  banner.append_attribute("id") = message;
  for (const auto& [name, value] : params) {
    auto node = banner.append_child("param");
    node.append_attribute("name") = name;
    node.text().set(common::XmlSafe(value).c_str());
  }
}

const char* JobMessage(JobKind kind) {
  return kind == JobKind::Backup ? "job_create" : kind == JobKind::Restore ? "job_restore" : "job_delete";
}

const BackupJob* RunningOn(const BackupsView& view, const BackupCopy& copy) {
  for (const auto& job : view.running) {
    if (job.copy_id == copy.id) return &job;
  }
  return nullptr;
}

bool RemovalGivenUp(const BackupsView& view, const BackupCopy& copy) {
  return std::any_of(view.failed_removals.begin(), view.failed_removals.end(),
                     [&](const BackupJob& job) { return job.copy_id == copy.id; });
}

std::string StateOf(const BackupsView& view, const BackupCopy& copy) {
  if (auto job = RunningOn(view, copy)) return job->kind == JobKind::Restore ? "restoring" : "removing";
  if (view.failed_restore && view.failed_restore->copy_id == copy.id) return "restore_failed";
  if (RemovalGivenUp(view, copy)) return "remove_failed";
  return "ready";
}

std::string Progress(const BackupJob& job) { return job.progress < 0 ? "" : std::to_string(job.progress) + "%"; }

// A row for a backup job that has no copy (yet): its id is not a copy's, so no action takes it.
pugi::xml_node JobRow(pugi::xml_node root, const BackupJob& job, const char* state, const BackupsView& view) {
  auto elem = root.append_child("elem");
  Add(elem, "id", "job-" + std::to_string(job.id));
  Add(elem, "created", ShowTime(job.started ? job.started : job.created, view.zone));
  Add(elem, "notes", job.notes);
  Add(elem, "size", "");
  Add(elem, "state", state);
  Add(elem, "progress", Progress(job));
  return elem;
}

// What runs now, how far it got and since when; why a removal is being tried again.
void JobBanners(pugi::xml_node root, const BackupsView& view) {
  for (const auto& job : view.running) {
    if (job.HoldsVm()) Banner(root, "msg_job_running", {{"job", JobMessage(job.kind)}});
    if (job.started && job.progress >= 0) {
      Banner(root, "msg_job_progress", {{"job", JobMessage(job.kind)}, {"progress", Progress(job)},
                                        {"started", ShowTime(job.started, view.zone)}});
    }
    if (job.kind == JobKind::Delete && job.attempts > 0) Banner(root, "msg_remove_retry", {{"error", job.error}});
  }
  for (const auto& job : view.failed_removals) Banner(root, "msg_remove_failed", {{"error", job.error}});
}

void List(pugi::xml_node root, const BackupsView& view, long item) {
  Add(root, "plid", std::to_string(item));
  std::string quota = std::to_string(view.used) + "/" + std::to_string(view.limit);
  Add(root, "quota", quota);
  Banner(root, "msg_quota", {{"quota", quota}});
  if (view.used > view.limit) Banner(root, "msg_over_quota", {{"quota", quota}});
  Banner(root, "msg_schedule_info");
  Banner(root, "msg_timezone", {{"zone", ShowZone(view.zone)}});
  Banner(root, "msg_snapshot_warning");
  if (view.failed_restore) Banner(root, "msg_restore_failed", {{"error", view.failed_restore->error}});
  JobBanners(root, view);
  for (const auto& copy : view.copies) {
    auto elem = root.append_child("elem");
    Add(elem, "id", copy.id);
    Add(elem, "created", ShowTime(copy.ctime, view.zone));
    Add(elem, "notes", copy.notes);
    Add(elem, "size", HumanSize(copy.size));
    Add(elem, "state", StateOf(view, copy));
    const BackupJob* job = RunningOn(view, copy);
    Add(elem, "progress", job && job->kind == JobKind::Restore ? Progress(*job) : "");
    if (view.failed_restore && view.failed_restore->copy_id == copy.id) Add(elem, "error", view.failed_restore->error);
  }
  for (const auto& job : view.running) {
    if (job.kind == JobKind::Backup) JobRow(root, job, "creating", view);  // a backup being made is a row of its own
  }
  if (view.failed_backup) Add(JobRow(root, *view.failed_backup, "failed", view), "error", view.failed_backup->error);
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

void ScheduleForm(pugi::xml_node root, const BackupsView& view) {
  for (size_t day = 0; day < backup::kDayNames.size(); ++day) {
    std::string name = backup::kDayNames[day];
    Add(root, name.c_str(), view.schedule.days[day].enabled ? "on" : "off");
    Add(root, (name + "_time").c_str(), backup::FormatTime(view.schedule.days[day].minute));
  }
  Banner(root, "msg_timezone", {{"zone", ShowZone(view.zone)}});
}

void Act(const PageRequest& request, PageContext& context, BackupRequests& requests, long item) {
  std::string queued;
  if (request.func == "vds.backups.schedule") {
    requests.SaveSchedule(ScheduleFrom(request));
  } else if (request.func == "vds.backups.new") {
    queued = "backup job " + std::to_string(requests.BackupNow(Param(request, "notes")));
  } else if (request.func == "vds.backups.restore") {
    auto ids = SelectedIds(request);
    if (ids.size() != 1) throw core::ValueError("elid", "choose exactly one backup to restore");
    queued = "restore job " + std::to_string(requests.Restore(ids[0]));
  } else if (request.func == "vds.backups.delete") {
    for (long job : requests.Remove(SelectedIds(request))) queued += " delete job " + std::to_string(job);
  } else {
    throw core::Error(core::ErrorType::Value, "func", "unknown function '" + request.func + "'");
  }
  if (!queued.empty()) context.log.Info("item " + std::to_string(item) + ": " + queued + " queued");
  // The schedule too: the tick then learns the cluster's time zone, which the page shows.
  context.start_tick();
}

void Answer(const PageRequest& request, PageContext& context, long item, pugi::xml_node root) {
  auto service = context.directory.Find(item);
  if (!service) throw core::Error(core::ErrorType::NotFound, "elid", "service " + std::to_string(item) + " has no VM yet");
  BackupRequests requests(context.files.Of(*service->module), context.log, *service, context.now);
  bool submit = Param(request, "sok") == "ok";
  if (request.func == "vds.backups") return List(root, requests.View(), item);
  if (request.func == "vds.backups.new" && !submit) {
    Add(root, "plid", std::to_string(item));
    Add(root, "notes", "");
    return;
  }
  if (request.func == "vds.backups.schedule" && !submit) {
    Add(root, "plid", std::to_string(item));
    return ScheduleForm(root, requests.View());
  }
  Act(request, context, requests, item);
  root.append_child("ok");
}

}  // namespace

std::string AnswerBackupsPage(const PageRequest& request, PageContext& context) {
  std::string lang = Param(request, "lang") == "ru" ? "ru" : "en";
  try {
    long item = ServiceOf(request);
    RequireCaller(request, context.panel, item);
    pugi::xml_document doc;
    Answer(request, context, item, DocumentRoot(doc, request));
    return core::ToXmlText(doc);
  } catch (const core::Error& error) {
    context.log.Warning(request.func + " refused: " + error.what());
    return core::ErrorDocument(core::Error(error.type(), error.object(), context.log.Masked(error.what())), lang);
  } catch (const std::exception& failure) {
    context.log.Error(request.func + " failed: " + failure.what());
    return core::ErrorDocument(core::Error(core::ErrorType::Internal, "", context.log.Masked(failure.what())), lang);
  }
}

}  // namespace pm::addons
