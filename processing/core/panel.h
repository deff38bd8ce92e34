// Reporting back to BILLmanager (contract §5). One transport call, typed helpers on top.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pm::core {

using PanelArgs = std::vector<std::pair<std::string, std::string>>;

class Panel {
 public:
  virtual ~Panel() = default;

  // Runs panel function `func` with `args` (sok=ok is added). `secret`, when given, is passed as
  // the value of parameter `secret->first` without ever entering argv. Returns the panel's answer
  // document (e.g. the <id> of what an .edit created). Throws Error on failure.
  virtual std::string Call(const std::string& func, const PanelArgs& args,
                    const std::optional<std::pair<std::string, std::string>>& secret = std::nullopt) = 0;

  // Runs `func` without sok=ok: it only shows (a form, a list) and changes nothing; returns the
  // answer document. Throws Error when the panel refuses, e.g. an object the `su` user may not see.
  virtual std::string Read(const std::string& func, const PanelArgs& args) = 0;

  void SaveParam(long item, const std::string& name, const std::string& value);
  void SaveSecretParam(long item, const std::string& name, const std::string& value);
  // service.post<command> for open/suspend/resume/close/setparam/reboot.
  void PostCommand(const std::string& command, long item);
  void RunningOperationFailed(long operation, const std::string& error_xml);
  // Error{access} unless `user` may open service `item` (contract §6: vds.edit … su=<user>).
  void RequireOwner(long item, const std::string& user);
};

}  // namespace pm::core
