// The stdin document when there is one (the tests, the demo, the forms the panel sends), else the
// panel's database (contract §13: "when stdin has a document, it wins").
#pragma once

#include <istream>

#include "core/service_source.h"

namespace pm::paneldb {

class StdinFirst : public core::ServiceSource {
 public:
  StdinFirst(std::istream& in, core::ServiceSource& database) : in_(in), database_(database) {}
  core::Input Load(const core::Args& args) override;

 private:
  std::istream& in_;
  core::ServiceSource& database_;
};

}  // namespace pm::paneldb
