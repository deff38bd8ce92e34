#include "vm5sim/errors.h"

namespace vm5sim {

Element MgrError::Document() const {
  Element doc{"doc", std::nullopt, {}, {}};
  Element& error = doc.Flag("error");
  error.Attribute("type", type_);
  // COREmanager names the offending object; an error about no object in particular has none.
  if (!object_.empty()) error.Attribute("object", object_);
  error.Add("msg", what());
  return doc;
}

MgrError ValueError(const std::string& field, const std::string& msg) {
  return MgrError(type::kValue, field, msg);
}

MgrError AccessError() { return MgrError(type::kAccess, "", "Access denied"); }

}  // namespace vm5sim
