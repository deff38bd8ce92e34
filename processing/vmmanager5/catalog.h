// What VMmanager 5 offers (notes B5): OS templates (`osmgr`), VM templates (`preset`) and
// recipes (`recipemgr`).
#pragma once

#include <string>
#include <vector>

#include "vmmanager5/api.h"

namespace pm::vmmanager5 {

struct OsTemplate {
  std::string id;    // <repository>__<osname>, what vm.edit takes as vmi
  std::string name;  // osname, the label
  bool installed = false;  // on at least one node: only such a template can be installed
};

struct Preset {
  long long id = 0;
  std::string name;
};

struct Recipe {
  long long id = 0;
  std::string name;
};

std::vector<OsTemplate> OsTemplates(Api& api);
std::vector<Preset> Presets(Api& api);
std::vector<Recipe> Recipes(Api& api);

}  // namespace pm::vmmanager5
