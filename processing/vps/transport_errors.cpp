#include "vps/transport_errors.h"

#include <cctype>

#include "http/http_client.h"

namespace pm::vps {

std::optional<core::Error> TranslateTransport(const std::exception& failure, const std::string& who) {
  auto transport = dynamic_cast<const http::TransportError*>(&failure);
  if (!transport) return std::nullopt;
  std::string object;
  for (char c : who) object += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return core::Error(core::ErrorType::Connection, object, "cannot reach " + who + ": " + transport->what());
}

}  // namespace pm::vps
