#include "core/module.h"

#include <cstdlib>
#include <functional>
#include <map>
#include <ostream>

#include "core/module_registry.h"
#include "core/service_registry.h"

namespace pm::core {
namespace {

// Which commands need which parts of the input document.
bool NeedsItem(const std::string& command) {
  static const char* kItemCommands[] = {"open", "suspend", "resume", "close", "setparam", "reboot", "sync_item"};
  for (const char* name : kItemCommands) {
    if (command == name) return true;
  }
  return false;
}

// Commands that cron starts get no document (contract §2): `backup_tick`, `pool_tick`, …
bool IsCronCommand(const std::string& command) {
  const std::string suffix = "_tick";
  return command.size() > suffix.size() && command.compare(command.size() - suffix.size(), suffix.size(), suffix) == 0;
}

using Handler = std::function<Reply(Module&, Context&)>;

const std::map<std::string, Handler>& CommandTable() {
  static const std::map<std::string, Handler> table = {
      {"check_connection", &Module::CheckConnection},
      {"open", &Module::Open},
      {"suspend", &Module::Suspend},
      {"resume", &Module::Resume},
      {"close", &Module::Close},
      {"setparam", &Module::SetParam},
      {"reboot", &Module::Reboot},
      {"sync_item", &Module::SyncItem},
      {"get_server_config", &Module::GetServerConfig},
      {"stat", &Module::Stat},
  };
  return table;
}

void CheckInput(const Args& args, const Input& input) {
  if (NeedsItem(args.command)) {
    if (!input.item) throw MissedError("item");
    if (!input.module) throw MissedError("processingmodule");
    if (args.item && *args.item != input.item->id) {
      throw ValueError("item", "--item " + std::to_string(*args.item) + " does not match the document's item " +
                                   std::to_string(input.item->id));
    }
  }
}

// Secrets of the contract's documents, masked in the log whatever logs them.
void RedactSecrets(const Input& input, Log& log) {
  if (input.module) {
    for (const char* name : {"password", "token_secret"}) log.Redact(input.module->params.Get(name));
  }
  if (input.item) log.Redact(input.item->params.Get("password"));
}

std::string StatePath(const Input& input, const std::string& mgr_root, const std::string& module) {
  if (input.module) {
    if (auto path = input.module->params.Find("state_db")) return *path;
  }
  return mgr_root + "/var/" + module + ".db";
}

// After the command succeeded (and may have told the panel so): a failure here is only logged.
// Cron commands later work from what is kept here: the connection, and the service as the
// panel last described it (gone once the service is closed).
void RememberInput(Context& ctx) {
  if (!ctx.input.module || ctx.input.module->id <= 0) return;
  try {
    ModuleRegistry(ctx.state()).Remember(*ctx.input.module);
    if (!ctx.input.item || !NeedsItem(ctx.args.command)) return;
    ServiceRegistry services(ctx.state());
    if (ctx.args.command == "close") {
      services.Forget(ctx.input.item->id);
    } else {
      services.Remember(ctx.input.module->id, *ctx.input.item);
    }
  } catch (const std::exception& e) {
    ctx.log.Error(std::string("could not keep the input for cron commands: ") + e.what());
  }
}

Reply Dispatch(Module& module, Context& ctx) {
  const std::string& command = ctx.args.command;
  if (auto it = CommandTable().find(command); it != CommandTable().end()) return it->second(module, ctx);
  if (auto reply = module.Custom(command, ctx)) return std::move(*reply);
  throw Error(ErrorType::Value, "command", "unknown command '" + command + "'");
}

Error AsError(Module& module, std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const Error& error) {
    return error;
  } catch (const std::exception& other) {
    if (auto translated = module.Translate(other)) return *translated;
    return Error(ErrorType::Internal, "", other.what());
  }
}

}  // namespace

const Service& Context::item() const {
  if (!input.item) throw MissedError("item");
  return *input.item;
}

const ModuleConfig& Context::module() const {
  if (!input.module) throw MissedError("processingmodule");
  return *input.module;
}

Sqlite& Context::state() {
  if (!state_) state_ = std::make_unique<Sqlite>(state_path_);
  return *state_;
}

std::optional<Reply> Module::Custom(const std::string&, Context&) { return std::nullopt; }
std::optional<Error> Module::Translate(const std::exception&) { return std::nullopt; }

int Run(Module& module, const std::vector<std::string>& argv, Dependencies& deps) {
  std::string lang = "en";
  std::optional<long> operation;
  try {
    Args args = ParseArgs(argv);
    lang = args.lang;
    operation = args.runningoperation;
    for (const auto& word : args.ignored) deps.log.Info("ignoring unknown argument " + word);
    deps.log.Info("command " + args.command + (args.item ? " item " + std::to_string(*args.item) : ""));
    if (args.command == "features") {
      deps.out << module.Features().Text();
      return 0;
    }
    Input input = IsCronCommand(args.command) ? Input{} : deps.source.Load(args);
    RedactSecrets(input, deps.log);
    CheckInput(args, input);
    std::string state_path = StatePath(input, deps.mgr_root, module.Name());
    Context ctx(std::move(args), std::move(input), deps.panel, deps.log, state_path);
    Reply reply = Dispatch(module, ctx);
    RememberInput(ctx);
    deps.out << reply.Text();
    return 0;
  } catch (...) {
    Error error = AsError(module, std::current_exception());
    // The message may quote hypervisor text that echoes what we sent: mask secrets there too.
    Error shown(error.type(), error.object(), deps.log.Masked(error.what()));
    for (const auto& [name, value] : error.params()) shown.With(name, deps.log.Masked(value));
    deps.log.Error(std::string(ToString(error.type())) + " error: " + shown.what());
    std::string document = ErrorDocument(shown, lang);
    deps.out << document;
    if (operation) {
      try {
        deps.panel.RunningOperationFailed(*operation, document);
      } catch (const std::exception& e) {
        deps.log.Error(std::string("could not report the failure to the running operation: ") + e.what());
      }
    }
    return 1;
  }
}

std::string MgrRoot() {
  const char* root = std::getenv("MGR_ROOT");
  return (root && *root) ? root : "/usr/local/mgr5";
}

std::string MgrctlPath() {
  const char* path = std::getenv("MGRCTL");
  return (path && *path) ? path : MgrRoot() + "/sbin/mgrctl";
}

}  // namespace pm::core
