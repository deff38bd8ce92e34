#include "vmmanager6/catalog.h"

#include "vmmanager6/fields.h"

namespace pm::vmmanager6 {

std::vector<Cluster> ListClusters(Api& api) {
  std::vector<Cluster> clusters;
  for (const auto& row : ListOf(api.Get("/vm/v3/cluster"), "cluster")) {
    clusters.push_back({Id(row, "id"), Text(row, "name"), Ids(row, "ippools")});
  }
  return clusters;
}

std::vector<Os> ListOs(Api& api) {
  std::vector<Os> list;
  for (const auto& row : ListOf(api.Get("/vm/v3/os"), "os")) {
    list.push_back({Id(row, "id"), Text(row, "name"), Text(row, "repository"), Flag(row, "adminonly"),
                    Text(row, "state"), Ids(row, "clusters"), OptId(row, "hdd_mib_required").value_or(0)});
  }
  return list;
}

std::vector<Preset> ListPresets(Api& api) {
  std::vector<Preset> presets;
  for (const auto& row : ListOf(api.Get("/vm/v3/preset"), "preset")) {
    presets.push_back({Id(row, "id"), Text(row, "name"), OptId(row, "hdd_mib").value_or(0)});
  }
  return presets;
}

std::vector<Recipe> ListRecipes(Api& api) {
  std::vector<Recipe> recipes;
  for (const auto& row : ListOf(api.Get("/vm/v3/recipe"), "recipe")) {
    recipes.push_back({Id(row, "id"), Text(row, "name")});
  }
  return recipes;
}

}  // namespace pm::vmmanager6
