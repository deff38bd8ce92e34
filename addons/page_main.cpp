#include "page_main.h"

#include <cstdlib>
#include <iostream>
#include <iterator>

#include <pugixml.hpp>

#include "backups_page.h"
#include "core/documents.h"
#include "core/mgrctl_panel.h"
#include "core/module.h"
#include "paneldb/database_directory.h"
#include "tick_starter.h"

extern char** environ;

namespace pm::addons {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

PageRequest RequestFromEnvironment() {
  PageRequest request;
  for (char** entry = environ; *entry; ++entry) {
    std::string text = *entry;
    auto eq = text.find('=');
    if (text.rfind("PARAM_", 0) == 0 && eq != std::string::npos) request.params[text.substr(6, eq - 6)] = text.substr(eq + 1);
  }
  request.user = Env("AUTH_USER");
  request.level = Env("AUTH_LEVEL");
  request.document.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  return request;
}

// The panel names the function in the document's root (`<doc func="vds.backups">`) and in
// PARAM_func; either will do.
std::string FunctionOf(const PageRequest& request) {
  if (auto it = request.params.find("func"); it != request.params.end() && !it->second.empty()) return it->second;
  pugi::xml_document doc;
  if (doc.load_string(request.document.c_str())) return doc.child("doc").attribute("func").value();
  return "";
}

}  // namespace

int ServeBackupsPage(const core::ModuleTraits& module) {
  std::string root = core::MgrRoot();
  core::Log log(module.name + "_backups", root);
  try {
    core::MgrctlPanel panel(core::MgrctlPath(), log);
    core::StateFiles files(root, module.name);
    paneldb::DatabaseSource database(module.name, panel, log, root);
    paneldb::DatabaseDirectory directory(database, module, log,
                                         std::make_unique<core::RegistryDirectory>(files, log, module));
    PageRequest request = RequestFromEnvironment();
    request.func = FunctionOf(request);
    std::string program = root + "/processing/" + module.name;
    PageContext context{directory, files, panel, log, [&] {
      try {
        StartDetached(program, "backup_tick");
      } catch (const std::exception& e) {
        // The job is queued: the next cron tick takes it.
        log.Error(std::string("could not start backup_tick at once: ") + e.what());
      }
    }};
    std::cout << AnswerBackupsPage(request, context);
  } catch (const std::exception& failure) {
    log.Error(std::string("the Backups page failed: ") + failure.what());
    std::cout << core::ErrorDocument(core::Error(core::ErrorType::Internal, "", log.Masked(failure.what())), "en");
  }
  return 0;
}

}  // namespace pm::addons
