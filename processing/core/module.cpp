#include "core/module.h"

#include <cstdlib>
#include <functional>
#include <map>
#include <ostream>

#include "core/item_lock.h"
#include "core/module_registry.h"
#include "core/secrets.h"
#include "core/service_registry.h"

namespace pm::core {
namespace {

using Handler = std::function<Reply(Module&, Context&)>;

const std::map<std::string, Handler>& ContractHandlers() {
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

void CheckInput(const Command& command, const Args& args, const Input& input) {
  if (command.kind != CommandKind::Item) return;
  if (!input.item) throw MissedError("item");
  if (!input.module) throw MissedError("processingmodule");
  if (args.item && *args.item != input.item->id) {
    throw ValueError("item", "--item " + std::to_string(*args.item) + " does not match the document's item " +
                                 std::to_string(input.item->id));
  }
}

void RedactInput(const ModuleTraits& traits, const Input& input, Log& log) {
  if (input.module) RedactSecrets(log, traits, *input.module);
  if (input.item) RedactSecrets(log, traits, *input.item);
}

// After the command succeeded (and may have told the panel so): a failure here is only logged.
// Cron commands and pages later work from what is kept here: the connection, and the service as
// the panel last described it (gone once the service is closed).
void RememberInput(Context& ctx, CommandKind kind) {
  if (!ctx.input.module || ctx.input.module->id <= 0) return;
  try {
    Sqlite& index = ctx.files.Index();
    ModuleRegistry(index, ctx.files.Secrets(), ctx.traits().secret_params).Remember(*ctx.input.module);
    if (!ctx.input.item || kind != CommandKind::Item) return;
    ServiceRegistry services(index, ctx.files.Secrets(), ctx.traits().service_secrets);
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
  if (auto it = ContractHandlers().find(command); it != ContractHandlers().end()) return it->second(module, ctx);
  if (auto reply = module.Custom(command, ctx)) return std::move(*reply);
  throw Error(ErrorType::Internal, "command", "command '" + command + "' is listed but not implemented");
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

Sqlite& Context::state() { return input.module ? files.Of(*input.module) : files.Index(); }

ServiceDirectory& Context::directory() {
  if (!directory_) {
    auto registry = std::make_unique<RegistryDirectory>(files, log, traits_);
    directory_ = make_directory_ ? make_directory_(std::move(registry)) : std::move(registry);
  }
  return *directory_;
}

Reply Module::Features() {
  const ModuleTraits& traits = Traits();
  Reply reply = Reply::Bare();
  auto root = reply.root();
  root.append_child("itemtypes").append_child("itemtype").append_attribute("name") = traits.itemtype.c_str();
  auto params = root.append_child("params");
  for (const auto& name : traits.params) params.append_child("param").append_attribute("name") = name.c_str();
  for (const auto& name : traits.secret_params) {
    auto param = params.append_child("param");
    param.append_attribute("name") = name.c_str();
    param.append_attribute("crypted") = "yes";
  }
  auto features = root.append_child("features");
  for (const auto& command : traits.commands) {
    features.append_child("feature").append_attribute("name") = command.name.c_str();
  }
  return reply;
}

std::optional<Reply> Module::Custom(const std::string&, Context&) { return std::nullopt; }
std::optional<Error> Module::Translate(const std::exception&) { return std::nullopt; }

int Run(Module& module, const std::vector<std::string>& argv, Dependencies& deps) {
  std::string lang = "en";
  std::optional<long> operation;
  const ModuleTraits& traits = module.Traits();
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
    const Command* command = traits.Find(args.command);
    if (!command) throw Error(ErrorType::Value, "command", "unknown command '" + args.command + "'");
    Input input = command->kind == CommandKind::Cron ? Input{} : deps.source.Load(args);
    RedactInput(traits, input, deps.log);
    CheckInput(*command, args, input);
    StateFiles files(deps.mgr_root, traits.name);
    std::optional<ItemLock> service_lock;
    if (command->kind == CommandKind::Item) {
      service_lock.emplace(ItemLock::Acquire(ItemLockPathOf(files.PathOf(*input.module)), input.item->id,
                                             kItemLockPatience));
    }
    CommandKind kind = command->kind;
    Context ctx(traits, std::move(args), std::move(input), deps.panel, deps.log, files, deps.directory);
    Reply reply = Dispatch(module, ctx);
    RememberInput(ctx, kind);
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
