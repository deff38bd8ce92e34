// The one request function of the Proxmox client (proxmoxer's _request): every call goes
// through Request(), which signs it, sends it, unwraps {"data":…} and raises ApiError.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "http/form.h"
#include "http/http_client.h"
#include "proxmox/auth.h"

namespace pm::proxmox {

using Params = http::FormFields;
using Sleeper = std::function<void(std::chrono::milliseconds)>;
// Receives one line per request (method, path, status, duration), never parameters.
using Tracer = std::function<void(const std::string&)>;

void RealSleep(std::chrono::milliseconds duration);

// "https://host[:port][/anything]" → "https://host:port/api2/json"; port 8006 when absent.
// Throws std::invalid_argument for anything but an https URL with a host.
std::string ApiBase(const std::string& url);

// {"data": …} of a response, or ApiError with PVE's message (JSON `message`, else the reason).
nlohmann::json DataOf(const http::Response& response);

class Api {
 public:
  Api(http::HttpClient& http, std::string base, std::unique_ptr<Auth> auth, Sleeper sleeper = RealSleep);

  nlohmann::json Get(const std::string& path, const Params& query = {});
  // A GET of a listing whose rows are handed to `sink` one at a time (proxmox/row_stream.h).
  void GetRows(const std::string& path, const Params& query, const std::function<void(const nlohmann::json&)>& sink);
  nlohmann::json Post(const std::string& path, const Params& form = {});
  nlohmann::json Put(const std::string& path, const Params& form = {});
  nlohmann::json Delete(const std::string& path, const Params& query = {});

  void Sleep(std::chrono::milliseconds duration) { sleeper_(duration); }
  void SetTracer(Tracer tracer) { tracer_ = std::move(tracer); }
  long requests() const { return requests_; }

 private:
  using Reader = std::function<nlohmann::json(const http::Response&)>;
  // Sends, reads the answer with `read` (DataOf by default), and signs in again after a 401 or
  // waits out a file lock as PVE wants.
  nlohmann::json Request(const std::string& method, const std::string& path, const Params& params,
                         const Reader& read = DataOf);
  http::Response SendOnce(const std::string& method, const std::string& path, const Params& params);
  // SendOnce, and for a write whose answer was lost, LostAnswer instead of a transport error.
  http::Response SendWrite(const std::string& method, const std::string& path, const Params& params);

  http::HttpClient& http_;
  std::string base_;
  std::unique_ptr<Auth> auth_;
  Sleeper sleeper_;
  Tracer tracer_;
  long requests_ = 0;
  std::int64_t server_time_ = 0;  // the Date of the latest answer
};

}  // namespace pm::proxmox
