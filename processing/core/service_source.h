// Where service data comes from: today the stdin document, later the panel's database
// (contract §3). Commands see only the Input it returns.
#pragma once

#include "core/args.h"
#include "core/service.h"

namespace pm::core {

class ServiceSource {
 public:
  virtual ~ServiceSource() = default;
  // Loads what `args.command` needs; throws Error{xml|missed|value} on unusable input.
  virtual Input Load(const Args& args) = 0;
};

}  // namespace pm::core
