#include "vmmanager5/catalog.h"

#include "common/numbers.h"

namespace pm::vmmanager5 {
namespace {

// Lists of id and name; rows without a numeric id are none of VMmanager's objects.
template <typename Item>
std::vector<Item> Named(Api& api, const char* func) {
  std::vector<Item> items;
  for (const auto& row : api.Read(func).Rows()) {
    auto id = common::ParseWhole(Column(row, "id"), 1, 1LL << 53);
    if (id) items.push_back({*id, Column(row, "name")});
  }
  return items;
}

}  // namespace

std::vector<OsTemplate> OsTemplates(Api& api) {
  std::vector<OsTemplate> templates;
  for (const auto& row : api.Read("osmgr").Rows()) {
    std::string id = Column(row, "id");
    if (id.find("__") == std::string::npos) continue;  // not <repository>__<osname>
    templates.push_back({id, Column(row, "name"), Column(row, "installed") == "on"});
  }
  return templates;
}

std::vector<Preset> Presets(Api& api) { return Named<Preset>(api, "preset"); }
std::vector<Recipe> Recipes(Api& api) { return Named<Recipe>(api, "recipemgr"); }

}  // namespace pm::vmmanager5
