#include "vps/os_publication.h"

namespace pm::vps {
namespace {

// What was published for one processing module, in its state.
class PublishedTemplates {
 public:
  PublishedTemplates(core::Sqlite& db, long module) : db_(db), module_(std::to_string(module)) {
    db_.Exec(
        "CREATE TABLE IF NOT EXISTS ostempl (module INTEGER NOT NULL, intname TEXT NOT NULL, label TEXT NOT NULL,"
        " present INTEGER NOT NULL, PRIMARY KEY (module, intname))");
  }

  std::map<std::string, std::string> Present() {  // intname → label
    std::map<std::string, std::string> present;
    for (const auto& row : db_.Query("SELECT intname, label FROM ostempl WHERE module = ? AND present = 1", {module_})) {
      present[*row[0]] = *row[1];
    }
    return present;
  }

  void MarkPresent(const std::string& intname, const std::string& label) {
    db_.Exec("INSERT OR REPLACE INTO ostempl (module, intname, label, present) VALUES (?, ?, ?, 1)",
             {module_, intname, label});
  }

  void MarkVanished(const std::string& intname) {
    db_.Exec("UPDATE ostempl SET present = 0 WHERE module = ? AND intname = ?", {module_, intname});
  }

 private:
  core::Sqlite& db_;
  std::string module_;
};

}  // namespace

Publication PublishOsTemplates(core::Panel& panel, core::Sqlite& state, long module, const OsTemplates& current) {
  PublishedTemplates published(state, module);
  auto known = published.Present();
  std::string id = std::to_string(module);
  Publication done;
  for (const auto& [intname, os] : current) {
    if (known.count(intname)) continue;
    core::PanelArgs args = {{"itemtype", "vds"}, {"module", id}, {"param", "ostempl"}, {"value", intname}, {"name", os.label}};
    args.insert(args.end(), os.extra.begin(), os.extra.end());
    panel.Call("itemtype.param.value.sync", args);
    published.MarkPresent(intname, os.label);
    done.added.push_back(intname);
  }
  for (const auto& [intname, ignored] : known) {
    if (current.count(intname)) continue;
    panel.Call("itemtype.param.value.processing.suspend", core::PanelArgs{{"elid", id}, {"value", intname}});
    published.MarkVanished(intname);
    done.withdrawn.push_back(intname);
  }
  return done;
}

void AddTo(core::Reply& reply, const Publication& publication) {
  for (const auto& intname : publication.added) reply.Add("added", intname);
  for (const auto& intname : publication.withdrawn) reply.Add("withdrawn", intname);
}

}  // namespace pm::vps
