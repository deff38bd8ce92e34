// What a VMmanager 6 platform offers (notes A15, A16, A20): clusters, OS templates, presets
// ("VM configurations"), recipes.
#pragma once

#include <string>
#include <vector>

#include "vmmanager6/api.h"

namespace pm::vmmanager6 {

struct Cluster {
  long long id = 0;
  std::string name;
  std::vector<long long> ippools;
};

struct Os {
  long long id = 0;
  std::string name;
  std::string repository;
  bool adminonly = false;
  std::string state;
  std::vector<long long> clusters;
  long long hdd_mib_required = 0;  // 0 = no minimum given
};

struct Preset {
  long long id = 0;
  std::string name;
  long long hdd_mib = 0;
};

struct Recipe {
  long long id = 0;
  std::string name;
};

std::vector<Cluster> ListClusters(Api& api);
std::vector<Os> ListOs(Api& api);
std::vector<Preset> ListPresets(Api& api);
std::vector<Recipe> ListRecipes(Api& api);

}  // namespace pm::vmmanager6
