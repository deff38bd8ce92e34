#include "simcommon/plain_writer.h"

namespace simcommon {

HttpWriter PlainWriter(std::string server, std::function<std::time_t()> now) {
  return [server = std::move(server), now = std::move(now)](const HttpRequest& request,
                                                            const HttpResponse& response) {
    bool keep_alive = WantsKeepAlive(request);
    std::string reason = response.reason.empty() ? DefaultReason(response.status) : response.reason;
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason + "\r\n";
    out += "Server: " + server + "\r\n";
    out += "Date: " + HttpDate(now()) + "\r\n";
    if (!response.content_type.empty()) out += "Content-Type: " + response.content_type + "\r\n";
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    out += std::string("Connection: ") + (keep_alive ? "keep-alive" : "close") + "\r\n\r\n";
    return HttpWire{out + response.body, keep_alive};
  };
}

}  // namespace simcommon
