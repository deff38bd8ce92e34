// The panel reached through its CLI: `$MGRCTL -m billmgr -o xml <func> k=v … [sok=ok]`, started
// without a shell; a secret travels as `-e 'value=$PM_SECRET'` in the child's environment only.
#pragma once

#include <string>

#include "core/log.h"
#include "core/panel.h"

namespace pm::core {

class MgrctlPanel : public Panel {
 public:
  MgrctlPanel(std::string mgrctl, Log& log) : mgrctl_(std::move(mgrctl)), log_(log) {}
  std::string Call(const std::string& func, const PanelArgs& args,
            const std::optional<std::pair<std::string, std::string>>& secret) override;
  std::string Read(const std::string& func, const PanelArgs& args) override;

 private:
  std::string Invoke(const std::string& func, const PanelArgs& args,
              const std::optional<std::pair<std::string, std::string>>& secret, bool submit);

  std::string mgrctl_;
  Log& log_;
};

}  // namespace pm::core
