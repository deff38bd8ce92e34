#include "core/mgrctl_panel.h"

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

}  // namespace

void MgrctlPanel::Call(const std::string& func, const PanelArgs& args,
                       const std::optional<std::pair<std::string, std::string>>& secret) {
  std::vector<std::string> argv = {"-m", "billmgr", "-o", "xml", func};
  for (const auto& [name, value] : args) argv.push_back(name + "=" + value);
  argv.push_back("sok=ok");
  auto env = boost::this_process::environment();
  env.erase(kSecretVariable);
  if (secret) {
    argv.push_back("-e");
    argv.push_back(secret->first + "=$" + kSecretVariable);
    env[kSecretVariable] = secret->second;
  }
  log_.Info("mgrctl " + Describe(func, args) + (secret ? " " + secret->first + "=<secret>" : ""));

  std::string output;
  int status = -1;
  try {
    bp::ipstream out;
    bp::child child(bp::exe = mgrctl_, bp::args = argv, env, (bp::std_out & bp::std_err) > out,
                    bp::std_in < bp::null);
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
  log_.Debug("mgrctl " + func + " answered: " + output);
}

}  // namespace pm::core
