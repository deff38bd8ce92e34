#include "paneldb/stdin_first.h"

#include "core/stdin_source.h"

namespace pm::paneldb {

core::Input StdinFirst::Load(const core::Args& args) {
  auto text = core::ReadDocument(in_);
  return text ? core::ParseInputDocument(*text) : database_.Load(args);
}

}  // namespace pm::paneldb
