// A Panel that records calls instead of running mgrctl, for tests above the core.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/panel.h"

namespace pm::test {

struct PanelCall {
  std::string func;
  core::PanelArgs args;
  std::optional<std::pair<std::string, std::string>> secret;

  std::string Arg(const std::string& name) const {
    for (const auto& [key, value] : args) {
      if (key == name) return value;
    }
    return "";
  }
};

class RecordingPanel : public core::Panel {
 public:
  std::string Call(const std::string& func, const core::PanelArgs& args,
                   const std::optional<std::pair<std::string, std::string>>& secret) override {
    calls.push_back({func, args, secret});
    return Answer(func);
  }

  // Reads are recorded too; `refuse` makes them fail as the panel does for a foreign object.
  std::string Read(const std::string& func, const core::PanelArgs& args) override {
    calls.push_back({func, args, std::nullopt});
    if (refuse_reads) throw core::Error(core::ErrorType::Internal, func, "panel call " + func + " failed: access denied");
    return Answer(func);
  }

  std::vector<PanelCall> Named(const std::string& func) const {
    std::vector<PanelCall> found;
    for (const auto& call : calls) {
      if (call.func == func) found.push_back(call);
    }
    return found;
  }

  std::vector<PanelCall> calls;
  bool refuse_reads = false;
  std::map<std::string, std::string> answers;  // func → the document it answers; <doc><ok/></doc> else

 private:
  std::string Answer(const std::string& func) const {
    auto found = answers.find(func);
    return found == answers.end() ? "<doc><ok/></doc>" : found->second;
  }
};

}  // namespace pm::test
