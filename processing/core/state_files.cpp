#include "core/state_files.h"

#include <filesystem>

namespace pm::core {

std::string IndexPath(const std::string& mgr_root, const std::string& module_name) {
  return mgr_root + "/var/" + module_name + ".db";
}

std::string StatePathOf(const std::string& mgr_root, const std::string& module_name, const ModuleConfig& module) {
  if (auto path = module.params.Find("state_db")) return *path;
  return IndexPath(mgr_root, module_name);
}

std::string ItemLockPathOf(const std::string& state_path) { return state_path + ".lock"; }

Sqlite& StateFiles::Index() { return Open(IndexPath()); }

SecretBox& StateFiles::Secrets() {
  if (!secrets_) secrets_ = std::make_unique<SecretBox>(mgr_root_ + "/var/" + module_name_ + ".key");
  return *secrets_;
}

Sqlite& StateFiles::Of(const ModuleConfig& module) { return Open(PathOf(module)); }

Sqlite& StateFiles::Open(const std::string& path) {
  // Two connections to one file would wait on each other's write transactions.
  std::string key = std::filesystem::weakly_canonical(path).string();
  auto& db = open_[key];
  if (!db) db = std::make_unique<Sqlite>(path);
  return *db;
}

}  // namespace pm::core
