// A processing module: one virtual method per panel command (the SDK's shape), and Run(),
// which parses the command line, loads the input, dispatches, and is the one place where
// failures become error documents (contract §2, §4, §5).
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/args.h"
#include "core/documents.h"
#include "core/log.h"
#include "core/panel.h"
#include "core/service_source.h"
#include "core/sqlite.h"

namespace pm::core {

// What a command works with.
class Context {
 public:
  Context(Args args, Input input, Panel& panel, Log& log, std::string state_path)
      : args(std::move(args)), input(std::move(input)), panel(panel), log(log), state_path_(std::move(state_path)) {}

  const Service& item() const;          // MissedError("item") when the document has none
  const ModuleConfig& module() const;   // MissedError("processingmodule") likewise
  Sqlite& state();                      // the module's SQLite state, opened on first use

  Args args;
  Input input;
  Panel& panel;
  Log& log;

 private:
  std::string state_path_;
  std::unique_ptr<Sqlite> state_;
};

class Module {
 public:
  virtual ~Module() = default;

  virtual std::string Name() const = 0;
  virtual Reply Features() = 0;
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

  // Module-specific commands (listed in its features); nullopt = unknown command.
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
};

// Returns the process exit status: 0 with a reply printed, 1 with an error document printed.
int Run(Module& module, const std::vector<std::string>& argv, Dependencies& deps);

// $MGR_ROOT (default /usr/local/mgr5) and $MGRCTL (default $MGR_ROOT/sbin/mgrctl).
std::string MgrRoot();
std::string MgrctlPath();

}  // namespace pm::core
