// A processing module: one virtual method per panel command (the SDK's shape), and Run(),
// which parses the command line, loads the input, dispatches, and is the one place where
// failures become error documents (contract §2, §4, §5).
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/args.h"
#include "core/documents.h"
#include "core/log.h"
#include "core/module_traits.h"
#include "core/panel.h"
#include "core/service_directory.h"
#include "core/service_source.h"
#include "core/sqlite.h"
#include "core/state_files.h"

namespace pm::core {

// Makes the directory of a run without a document over the registry the state keeps; the
// registry alone when empty.
using DirectoryMaker = std::function<std::unique_ptr<ServiceDirectory>(std::unique_ptr<ServiceDirectory> registry)>;

// What a command works with.
class Context {
 public:
  Context(const ModuleTraits& traits, Args args, Input input, Panel& panel, Log& log, StateFiles& files,
          DirectoryMaker make_directory = {})
      : args(std::move(args)),
        input(std::move(input)),
        panel(panel),
        log(log),
        files(files),
        traits_(traits),
        make_directory_(std::move(make_directory)) {}

  const Service& item() const;         // MissedError("item") when the document has none
  const ModuleConfig& module() const;  // MissedError("processingmodule") likewise
  // The processing module's own state file (contract §1); the index when the command has no module.
  Sqlite& state();
  // The services and modules known without a document, for cron commands.
  ServiceDirectory& directory();
  const ModuleTraits& traits() const { return traits_; }

  Args args;
  Input input;
  Panel& panel;
  Log& log;
  StateFiles& files;

 private:
  const ModuleTraits& traits_;
  DirectoryMaker make_directory_;
  std::unique_ptr<ServiceDirectory> directory_;
};

class Module {
 public:
  virtual ~Module() = default;

  virtual const ModuleTraits& Traits() const = 0;
  std::string Name() const { return Traits().name; }
  // The features document (item type, connection params with crypted="yes" on secrets, commands).
  virtual Reply Features();
  virtual Reply CheckConnection(Context& ctx) = 0;
  virtual Reply Open(Context& ctx) = 0;
  virtual Reply Suspend(Context& ctx) = 0;
  virtual Reply Resume(Context& ctx) = 0;
  virtual Reply Close(Context& ctx) = 0;
  virtual Reply SetParam(Context& ctx) = 0;
  virtual Reply Reboot(Context& ctx) = 0;
  virtual Reply SyncItem(Context& ctx) = 0;
  virtual Reply GetServerConfig(Context& ctx) = 0;
  virtual Reply Stat(Context& ctx) = 0;

  // Module-specific commands, as listed in Traits(); nullopt = not one of them.
  virtual std::optional<Reply> Custom(const std::string& command, Context& ctx);
  // Turns the module's own exceptions (hypervisor, transport) into contract errors.
  virtual std::optional<Error> Translate(const std::exception& failure);
};

struct Dependencies {
  ServiceSource& source;
  Panel& panel;
  Log& log;
  std::ostream& out;
  std::string mgr_root;
  DirectoryMaker directory = {};
};

// How long an item command waits for another run on the same service (a backup_tick step, a
// second command) before it answers `locked`.
constexpr std::chrono::seconds kItemLockPatience{60};

// Returns the process exit status: 0 with a reply printed, 1 with an error document printed.
int Run(Module& module, const std::vector<std::string>& argv, Dependencies& deps);

// $MGR_ROOT (default /usr/local/mgr5) and $MGRCTL (default $MGR_ROOT/sbin/mgrctl).
std::string MgrRoot();
std::string MgrctlPath();

}  // namespace pm::core
