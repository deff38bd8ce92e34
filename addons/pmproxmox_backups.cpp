// addon/pmproxmox_backups: the XML handler of the Backups page (contract §6). The panel passes
// the request in the environment (PARAM_<name>, AUTH_USER, AUTH_LEVEL) and the function's
// document on stdin; the completed document goes to stdout.
#include <cstdlib>
#include <iostream>
#include <iterator>

#include <pugixml.hpp>

#include "backups_page.h"
#include "core/log.h"
#include "core/mgrctl_panel.h"
#include "core/module.h"
#include "tick_starter.h"

extern char** environ;

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

pm::addons::PageRequest RequestFromEnvironment() {
  pm::addons::PageRequest request;
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
std::string FunctionOf(const pm::addons::PageRequest& request) {
  if (auto it = request.params.find("func"); it != request.params.end() && !it->second.empty()) return it->second;
  pugi::xml_document doc;
  if (doc.load_string(request.document.c_str())) return doc.child("doc").attribute("func").value();
  return "";
}

}  // namespace

int main() {
  std::string root = pm::core::MgrRoot();
  pm::core::Log log("pmproxmox_backups", root);
  pm::core::MgrctlPanel panel(pm::core::MgrctlPath(), log);
  pm::core::Sqlite state(root + "/var/pmproxmox.db");
  pm::addons::PageRequest request = RequestFromEnvironment();
  request.func = FunctionOf(request);
  pm::addons::PageContext context{state, panel, log, [&] {
    pm::addons::StartDetached(root + "/processing/pmproxmox", "backup_tick");
  }};
  std::cout << pm::addons::AnswerBackupsPage(request, context);
  return 0;
}
