#pragma once

#include <ctime>
#include <functional>
#include <string>

#include "simcommon/https_server.h"

namespace simcommon {

// Answers with the plain header set of the VMmanager fronts (COREmanager's ihttpd, VMmanager 6's
// nginx): Server, Date (from `now`), Content-Type, Content-Length and Connection, the connection
// kept open as the client asked, after errors too. (pve-sim writes pveproxy's own set.)
HttpWriter PlainWriter(std::string server, std::function<std::time_t()> now);

}  // namespace simcommon
