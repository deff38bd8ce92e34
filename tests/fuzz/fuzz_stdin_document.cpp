// The panel's stdin document (contract §3) as StdinSource reads it, and what the commands then do
// with the resources it carried. Any input is an Input or a core::Error of type xml, missed or
// value; never another exception, a crash or a sanitizer report. An addon is an amount or a name
// (an enumeration's internal name, backup_schedule): its text never makes the document refused,
// a name is kept as a choice, and asking for it as an amount is a value error. What it parsed
// goes on through the checks the commands run on resources (PackageOf, BackupQuota, SizeIn,
// RateIn: core::Error missed/value only), its error documents must be well-formed XML 1.0 in
// UTF-8, and the service must read back from the registry Run() keeps it in exactly as it was
// written, amounts and choices (the pages and cron read it from there).
//
// Input: the document's bytes as they are.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "core/args.h"
#include "core/documents.h"
#include "core/error.h"
#include "core/secret_box.h"
#include "core/service_registry.h"
#include "core/sqlite.h"
#include "core/stdin_source.h"
#include "core/units.h"
#include "fuzz_support.h"
#include "vps/backups/journal.h"
#include "vps/package.h"

using namespace pm;
using fuzz::Finding;

namespace {

bool InputErrorType(core::ErrorType type) {
  return type == core::ErrorType::Xml || type == core::ErrorType::Missed || type == core::ErrorType::Value;
}

// The error document Run() prints for `error` must be a document the panel can read: XML 1.0 in
// UTF-8, whatever bytes the message quotes.
void CheckErrorDocument(const core::Error& error) {
  std::string text = core::ErrorDocument(error, "en");
  pugi::xml_document doc;
  auto parsed = doc.load_string(text.c_str());
  if (!parsed) Finding("the error document is not XML (" + std::string(parsed.description()) + "):\n" + text);
  auto node = doc.child("doc").child("error");
  if (!node || std::string(node.attribute("type").value()) != std::string(core::ToString(error.type()))) {
    Finding("the error document has no <doc><error type=…>:\n" + text);
  }
  if (auto problem = fuzz::XmlProblem(text); !problem.empty()) {
    Finding("the error document is not well-formed XML 1.0: " + problem + "\n" + text);
  }
}

// A check the commands run: only core::Error missed/value may come out of it.
template <typename Check>
void OnlyValueErrors(const std::string& what, Check&& check) {
  try {
    check();
  } catch (const core::Error& error) {
    if (error.type() != core::ErrorType::Missed && error.type() != core::ErrorType::Value) {
      Finding(what + ": core::Error of type " + std::string(core::ToString(error.type())) + ": " + error.what());
    }
    CheckErrorDocument(error);
  } catch (...) {
    Finding(what + " threw " + fuzz::CurrentException());
  }
}

void CheckResources(const core::Service& item) {
  OnlyValueErrors("PackageOf", [&] {
    vps::Package package = vps::PackageOf(item);
    if (package.cores < 1 || package.cores > 1024 || package.memory_mib < 16 || package.disk_gib == 0) {
      Finding("PackageOf accepted a package outside its own limits");
    }
  });
  OnlyValueErrors("BackupQuota", [&] {
    int quota = vps::backups::BackupQuota(item);
    if (quota < 0 || quota > vps::backups::kMaxBackupQuota) Finding("BackupQuota returned " + std::to_string(quota));
  });
  using core::RateUnit;
  using core::SizeUnit;
  for (const auto& addon : item.addons) {
    const std::string& name = addon.first;  // named, not bound: clang 14 lambdas cannot capture bindings
    const core::Resource& resource = addon.second;
    for (auto unit : {SizeUnit::KiB, SizeUnit::MiB, SizeUnit::GiB, SizeUnit::TiB}) {
      for (auto bare : {SizeUnit::KiB, SizeUnit::MiB, SizeUnit::GiB}) {
        OnlyValueErrors("SizeIn(" + name + ")", [&] { core::SizeIn(name, resource, unit, bare); });
      }
    }
    for (auto unit : {RateUnit::Kbit, RateUnit::Mbit, RateUnit::Gbit}) {
      OnlyValueErrors("RateIn(" + name + ")", [&] {
        double rate = core::RateIn(name, resource, unit);
        if (!std::isfinite(rate) || rate < 0) Finding("RateIn(" + name + ") returned " + std::to_string(rate));
      });
    }
  }
}

std::string Describe(const core::Settings& settings) {
  std::string text;
  for (const auto& [name, value] : settings.values()) text += name + "=" + value + ";";
  return text;
}

bool SameResource(const core::Resource& a, const core::Resource& b) {
  return a.measure == b.measure && (a.value == b.value) && std::signbit(a.value) == std::signbit(b.value);
}

// Run() remembers the service of every successful item command; the Backups page and backup_tick
// find it there later (core/service_registry.h). It must read back as it was given.
// The service's password is sealed on the way (core/secret_box.h), with a key of this run's own.
struct RunKey {
  std::string path = (std::filesystem::temp_directory_path() / ("pm-fuzz-registry-" + std::to_string(::getpid()) + ".key")).string();
  ~RunKey() { std::filesystem::remove(path); }
};

void CheckRegistryRoundTrip(const core::Service& item, long module) {
  static core::Sqlite db(":memory:");
  static RunKey key;
  static core::SecretBox box(key.path);
  static core::ServiceRegistry registry(db, box, {"password"});
  std::optional<core::Service> back;
  try {
    registry.Remember(module, item);
    back = registry.FindService(item.id);
    registry.Forget(item.id);
  } catch (...) {
    std::string what = fuzz::CurrentException();
    try {
      registry.Forget(item.id);
    } catch (...) {
    }
    Finding("the service registry cannot keep this service: " + what);
  }
  if (!back) Finding("the service registry lost service " + std::to_string(item.id));
  if (back->status != item.status || back->account != item.account || back->pricelist_id != item.pricelist_id ||
      back->params.values() != item.params.values() || back->pricelist.values() != item.pricelist.values()) {
    Finding("the service registry changed the service: params " + Describe(item.params) + " became " +
            Describe(back->params));
  }
  if (back->addons.size() != item.addons.size()) Finding("the service registry changed the number of addons");
  for (const auto& [name, resource] : item.addons) {
    auto found = back->addons.find(name);
    if (found == back->addons.end() || !SameResource(found->second, resource)) {
      Finding("the service registry changed addon '" + name + "'");
    }
  }
  if (back->choices != item.choices) {
    Finding("the service registry changed the choices: " + Describe(core::Settings(item.choices)) + " became " +
            Describe(core::Settings(back->choices)));
  }
}

// Every <addon> of the item is an amount or a choice, never both from one element and never
// lost; Addon() gives an amount, refuses a name with Error{value}; Choice() gives the name.
void CheckAddons(const std::string& text, const core::Service& item) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size())) Finding("the parser read a document pugixml refuses");
  for (auto addon : doc.child("doc").child("item").children("addon")) {
    std::string name = addon.attribute("name").value();
    if (!item.addons.count(name) && !item.choices.count(name)) Finding("the parser lost addon '" + name + "'");
  }
  for (const auto& [name, resource] : item.addons) {
    if (!std::isfinite(resource.value)) Finding("addon '" + name + "' is the amount " + std::to_string(resource.value));
    std::optional<core::Resource> amount;
    try {
      amount = item.Addon(name);
    } catch (...) {
      Finding("Addon('" + name + "') of an amount threw " + fuzz::CurrentException());
    }
    if (!amount || !SameResource(*amount, resource)) Finding("Addon('" + name + "') is not the amount it holds");
  }
  for (const auto& [name, value] : item.choices) {
    if (item.Choice(name) != value) Finding("Choice('" + name + "') is not the name it holds");
    if (item.addons.count(name)) continue;  // an amount of the same name (a second <addon>) wins
    try {
      item.Addon(name);
      Finding("Addon('" + name + "') of the name '" + value + "' gave an amount");
    } catch (const core::Error& error) {
      if (error.type() != core::ErrorType::Value) {
        Finding("Addon('" + name + "') of a name: core::Error of type " + std::string(core::ToString(error.type())));
      }
      CheckErrorDocument(error);
    } catch (...) {
      Finding("Addon('" + name + "') of a name threw " + fuzz::CurrentException());
    }
  }
}

// A refused document must not have been refused for what its addons say: with every addon's text
// made an amount, the same document is refused too (contract §3: an addon is an amount or an
// enumeration's internal name, as backup_schedule).
void CheckNotRefusedForAddons(const std::string& text, const core::Error& error) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size())) return;
  auto addons = doc.child("doc").child("item").children("addon");
  if (addons.begin() == addons.end()) return;
  for (auto addon : addons) addon.text().set("1");
  std::ostringstream variant;
  doc.save(variant, "", pugi::format_raw);
  try {
    core::ParseInputDocument(variant.str());
  } catch (...) {
    return;  // refused for something else as well
  }
  Finding("the document is refused for the text of an addon (" + std::string(error.what()) +
          "); an addon may be an amount or a name");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(fuzz::AsText(data, size));
  core::Input input;
  try {
    std::istringstream in(text);
    core::Args args;
    args.command = "open";
    input = core::StdinSource(in).Load(args);
  } catch (const core::Error& error) {
    if (!InputErrorType(error.type())) {
      Finding("ParseInputDocument: core::Error of type " + std::string(core::ToString(error.type())) + ": " +
              error.what());
    }
    CheckErrorDocument(error);
    CheckNotRefusedForAddons(text, error);
    return 0;
  } catch (...) {
    Finding("ParseInputDocument threw " + fuzz::CurrentException());
  }
  if (input.item) {
    CheckAddons(text, *input.item);
    CheckResources(*input.item);
    CheckRegistryRoundTrip(*input.item, input.module ? input.module->id : 7);
  }
  return 0;
}
