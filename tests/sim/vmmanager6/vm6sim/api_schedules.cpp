// Backup schedules: /vm/v3/schedule.
#include <algorithm>
#include <set>

#include "vm6sim/api.h"
#include "vm6sim/views.h"
#include "vm6sim/where.h"

namespace vm6sim {

namespace {

using nlohmann::json;

const Schema kStartTime = {{"day", FieldType::kInteger, false, true},
                           {"week_day", FieldType::kInteger, false, true},
                           {"hour", FieldType::kInteger, true},
                           {"minute", FieldType::kInteger, true}};

Schema ScheduleSchema(bool create) {
  return {{"name", FieldType::kString, create},
          {"comment", FieldType::kString},
          {"backup_mode", FieldType::kString},
          {"type", FieldType::kString, create},
          {"limit_count", FieldType::kInteger},
          {"limit_size_mib", FieldType::kInteger},
          {"start_time", FieldType::kObject, create, false, &kStartTime},
          {"backup_locations", FieldType::kIntegerArray},
          {"clusters", FieldType::kIntegerArray},
          {"presets", FieldType::kIntegerArray},
          {"nodes", FieldType::kIntegerArray},
          {"hosts", FieldType::kIntegerArray},
          {"disks", FieldType::kIntegerArray}};
}

std::optional<int64_t> OptionalInt(const json& object, const char* key) {
  if (!object.contains(key) || object[key].is_null()) return std::nullopt;
  return object[key].get<int64_t>();
}

template <typename T>
std::vector<int> References(const json& body, const char* key, const std::map<int, T>& objects,
                            const char* what) {
  std::vector<int> ids;
  for (const auto& item : body[key]) {
    int64_t id = item.get<int64_t>();
    if (!simcommon::FindById(objects, id)) throw ReferenceNotFound(key, what, id);
    ids.push_back(static_cast<int>(id));
  }
  return ids;
}

// Applies the given fields of `body` (already checked against the schema) to `schedule`.
void Apply(Call& call, Schedule& schedule) {
  const json& body = call.body;
  World& world = call.world();
  if (body.contains("name")) schedule.name = body["name"];
  if (body.contains("comment")) schedule.comment = body["comment"];
  if (body.contains("backup_mode")) {
    std::string mode = body["backup_mode"];
    if (mode != "full" && mode != "incremental")
      throw InvalidValue("backup_mode", "must be full or incremental");
    schedule.backup_mode = mode;
  }
  if (body.contains("type")) schedule.type = body["type"];
  if (schedule.type != "daily" && schedule.type != "weekly" && schedule.type != "monthly")
    throw InvalidValue("type", "must be daily, weekly or monthly");
  if (body.contains("limit_count")) {
    if (body["limit_count"].get<int64_t>() < 0) throw InvalidValue("limit_count", "must be >= 0");
    schedule.limit_count = body["limit_count"];
  }
  if (body.contains("limit_size_mib")) {
    if (body["limit_size_mib"].get<int64_t>() < 0)
      throw InvalidValue("limit_size_mib", "must be >= 0");
    schedule.limit_size_mib = body["limit_size_mib"];
  }
  if (body.contains("start_time")) {
    const json& at = body["start_time"];
    schedule.start_time = {OptionalInt(at, "day"), OptionalInt(at, "week_day"),
                           at["hour"].get<int64_t>(), at["minute"].get<int64_t>()};
  }
  const StartTime& at = schedule.start_time;
  if (at.hour < 0 || at.hour > 23) throw InvalidValue("start_time.hour", "must be 0-23");
  if (at.minute < 0 || at.minute > 59) throw InvalidValue("start_time.minute", "must be 0-59");
  if (at.week_day && (*at.week_day < 1 || *at.week_day > 7))
    throw InvalidValue("start_time.week_day", "must be 1 (Monday) to 7 (Sunday)");
  if (at.day && (*at.day < 1 || *at.day > 31)) throw InvalidValue("start_time.day", "must be 1-31");
  if (schedule.type == "weekly" && !at.week_day)
    throw InvalidValue("start_time.week_day", "required for a weekly schedule");
  if (schedule.type == "monthly" && !at.day)
    throw InvalidValue("start_time.day", "required for a monthly schedule");
  if (body.contains("backup_locations"))
    schedule.backup_locations =
        References(body, "backup_locations", world.backup_locations, "Backup location");
  if (body.contains("clusters"))
    schedule.clusters = References(body, "clusters", world.clusters, "Cluster");
  if (body.contains("presets"))
    schedule.presets = References(body, "presets", world.presets, "Preset");
  if (body.contains("nodes")) schedule.nodes = References(body, "nodes", world.nodes, "Node");
  if (body.contains("hosts")) schedule.hosts = References(body, "hosts", world.hosts, "Host");
  if (body.contains("disks")) schedule.disks = References(body, "disks", world.disks, "Disk");
}

Schedule& Find(Call& call) {
  int64_t id = call.Id();
  Schedule* schedule = simcommon::FindById(call.world().schedules, id);
  if (!schedule) throw InstanceNotFound(id);
  return *schedule;
}

Reply Schedules(Call& call) {
  std::vector<json> rows;
  for (const auto& [id, schedule] : call.world().schedules)
    rows.push_back(ScheduleRow(schedule, call.Now()));
  return {200, ListReply(rows, call.query)};
}

Reply OneSchedule(Call& call) { return {200, ScheduleRow(Find(call), call.Now())}; }

Reply CreateSchedule(Call& call) {
  static const Schema kSchema = ScheduleSchema(true);
  call.RequireAdmin();
  call.Check(kSchema);
  Schedule schedule;
  schedule.id = call.world().next_schedule;
  Apply(call, schedule);
  call.world().next_schedule++;
  call.world().schedules.emplace(schedule.id, schedule);
  return {200, {{"id", schedule.id}}};
}

Reply EditSchedule(Call& call) {
  static const Schema kSchema = ScheduleSchema(false);
  call.RequireAdmin();
  Schedule& stored = Find(call);
  call.Check(kSchema);
  Schedule edited = stored;  // nothing changes unless every field is valid
  Apply(call, edited);
  stored = edited;
  return {200, {{"id", stored.id}}};
}

Reply DeleteSchedule(Call& call) {
  call.RequireAdmin();
  Schedule& schedule = Find(call);
  int id = schedule.id;
  call.world().schedules.erase(id);
  return {200, {{"deleted", {{{"id", id}}}}}};
}

Reply AffectedHosts(Call& call) {
  const Schedule& schedule = Find(call);
  const World& world = call.world();
  auto has = [](const std::vector<int>& ids, int id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  int count = 0;
  for (const auto& [id, host] : world.hosts) {
    if (has(schedule.hosts, id) || has(schedule.clusters, host.cluster) ||
        has(schedule.nodes, host.node) || has(schedule.disks, host.disk) ||
        (host.preset && has(schedule.presets, *host.preset)))
      ++count;
  }
  return {200, {{"affected_hosts_count", count}}};
}

}  // namespace

void AddScheduleRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/vm/v3/schedule", Schedules});
  routes.push_back({"POST", "/vm/v3/schedule", CreateSchedule});
  routes.push_back({"GET", "/vm/v3/schedule/{id}", OneSchedule});
  routes.push_back({"POST", "/vm/v3/schedule/{id}", EditSchedule});
  routes.push_back({"DELETE", "/vm/v3/schedule/{id}", DeleteSchedule});
  routes.push_back({"GET", "/vm/v3/schedule/{id}/hosts", AffectedHosts});
}

}  // namespace vm6sim
