#include "core/args.h"

#include <limits>
#include <map>

#include "core/error.h"
#include "core/numbers.h"

namespace pm::core {
namespace {

long ParseId(const std::string& name, const std::string& text) {
  return static_cast<long>(RequireWhole(name, text, 0, std::numeric_limits<long>::max()));
}

const std::map<std::string, std::string>& ShortNames() {
  static const std::map<std::string, std::string> names = {
      {"-c", "command"}, {"-i", "item"}, {"-m", "module"}, {"-l", "lang"}};
  return names;
}

// Splits "--name=value" / "--name value" / "-c value"; returns false for a non-option word.
bool SplitOption(const std::vector<std::string>& argv, size_t& i, std::string& name, std::string& value) {
  const std::string& word = argv[i];
  if (auto it = ShortNames().find(word); it != ShortNames().end()) {
    name = it->second;
  } else if (word.rfind("--", 0) == 0) {
    name = word.substr(2);
  } else {
    return false;
  }
  if (auto eq = name.find('='); eq != std::string::npos) {
    value = name.substr(eq + 1);
    name.resize(eq);
  } else if (i + 1 < argv.size() && argv[i + 1].rfind("--", 0) != 0) {
    value = argv[++i];
  } else {
    value.clear();
  }
  return true;
}

}  // namespace

Args ParseArgs(const std::vector<std::string>& argv) {
  Args args;
  std::optional<std::string> pending_param;
  for (size_t i = 1; i < argv.size(); ++i) {
    std::string name, value;
    if (!SplitOption(argv, i, name, value)) {
      args.ignored.push_back(argv[i]);
      continue;
    }
    if (name == "command") args.command = value;
    else if (name == "item") args.item = ParseId(name, value);
    else if (name == "module") args.module = ParseId(name, value);
    else if (name == "runningoperation") args.runningoperation = ParseId(name, value);
    else if (name == "subcommand") args.subcommand = value;
    else if (name == "lang") args.lang = (value == "ru") ? "ru" : "en";
    else if (name == "password") args.password = value;
    else if (name == "param") pending_param = value;
    else if (name == "value" && pending_param) {
      args.params.emplace_back(*pending_param, value);
      pending_param.reset();
    } else {
      args.ignored.push_back("--" + name);
    }
  }
  if (args.command.empty()) throw MissedError("command");
  return args;
}

}  // namespace pm::core
