#include "core/mgrctl_panel.h"

#include <stdlib.h>

#include <boost/process.hpp>
#include <pugixml.hpp>

#include "core/error.h"

namespace bp = boost::process;

namespace pm::core {
namespace {

constexpr const char* kSecretVariable = "PM_SECRET";

std::string Describe(const std::string& func, const PanelArgs& args) {
  std::string text = func;
  for (const auto& [name, value] : args) text += " " + name + "=" + value;
  return text;
}

// mgrctl may exit 0 and still answer with an <error> document.
std::string ErrorIn(const std::string& output) {
  pugi::xml_document doc;
  if (!doc.load_string(output.c_str())) return "";
  auto error = doc.select_node("//error").node();
  if (!error) return "";
  std::string text = error.child_value("msg");
  return text.empty() ? std::string("error type ") + error.attribute("type").value() : text;
}

// The child inherits our environment, with $PM_SECRET present only while it is being started.
// (Boost 1.74's environment object cannot be used instead: its lookups read past the end of
// variables shorter than the name looked up.)
class SecretVariable {
 public:
  explicit SecretVariable(const std::optional<std::pair<std::string, std::string>>& secret) {
    if (secret) {
      setenv(kSecretVariable, secret->second.c_str(), 1);
    } else {
      unsetenv(kSecretVariable);
    }
  }
  ~SecretVariable() { unsetenv(kSecretVariable); }
  SecretVariable(const SecretVariable&) = delete;
  SecretVariable& operator=(const SecretVariable&) = delete;
};

}  // namespace

std::string MgrctlPanel::Call(const std::string& func, const PanelArgs& args,
                       const std::optional<std::pair<std::string, std::string>>& secret) {
  return Invoke(func, args, secret, true);
}

std::string MgrctlPanel::Read(const std::string& func, const PanelArgs& args) {
  return Invoke(func, args, std::nullopt, false); }

std::string MgrctlPanel::Invoke(const std::string& func, const PanelArgs& args,
                         const std::optional<std::pair<std::string, std::string>>& secret, bool submit) {
  std::vector<std::string> argv = {"-m", "billmgr", "-o", "xml", func};
  for (const auto& [name, value] : args) argv.push_back(name + "=" + value);
  if (submit) argv.push_back("sok=ok");
  if (secret) {
    argv.push_back("-e");
    argv.push_back(secret->first + "=$" + kSecretVariable);
  }
  log_.Info("mgrctl " + Describe(func, args) + (secret ? " " + secret->first + "=<secret>" : ""));

  std::string output;
  int status = -1;
  try {
    bp::ipstream out;
    bp::child child = [&] {
      SecretVariable variable(secret);
      return bp::child(bp::exe = mgrctl_, bp::args = argv, (bp::std_out & bp::std_err) > out, bp::std_in < bp::null);
    }();
    std::string line;
    while (std::getline(out, line)) output += line + "\n";
    child.wait();
    status = child.exit_code();
  } catch (const std::exception& e) {
    throw Error(ErrorType::Internal, func, "cannot run mgrctl '" + mgrctl_ + "': " + e.what());
  }
  std::string failure = ErrorIn(output);
  if (status != 0 || !failure.empty()) {
    if (failure.empty()) failure = "exit status " + std::to_string(status);
    log_.Error("mgrctl " + func + " failed: " + failure);
    throw Error(ErrorType::Internal, func, "panel call " + func + " failed: " + log_.Masked(failure));
  }
  // paramlist answers the panel's own secrets (the database password): never written down.
  log_.Debug("mgrctl " + func + " answered: " + (func == "paramlist" ? "<the panel's settings>" : output));
  return output;
}

}  // namespace pm::core
