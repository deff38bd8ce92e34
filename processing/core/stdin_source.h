// The contract's stdin document as the service source.
#pragma once

#include <istream>
#include <optional>
#include <string>

#include "core/service_source.h"

namespace pm::core {

class StdinSource : public ServiceSource {
 public:
  explicit StdinSource(std::istream& in) : in_(in) {}
  Input Load(const Args& args) override;

 private:
  std::istream& in_;
};

// What stdin holds, nullopt when it is blank (a stock panel sends nothing, contract §13).
std::optional<std::string> ReadDocument(std::istream& in);

// Parses the document text; exposed for tests and for sources that get the text elsewhere.
Input ParseInputDocument(const std::string& text);

}  // namespace pm::core
