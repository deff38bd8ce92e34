#include "core/error.h"

namespace pm::core {

std::string_view ToString(ErrorType type) {
  switch (type) {
    case ErrorType::Xml: return "xml";
    case ErrorType::Missed: return "missed";
    case ErrorType::Value: return "value";
    case ErrorType::Auth: return "auth";
    case ErrorType::Connection: return "connection";
    case ErrorType::Locked: return "locked";
    case ErrorType::NotFound: return "notfound";
    case ErrorType::Access: return "access";
    case ErrorType::Quota: return "quota";
    case ErrorType::Api: return "api";
    case ErrorType::Internal: return "internal";
  }
  return "internal";
}

}  // namespace pm::core
