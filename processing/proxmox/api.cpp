#include "proxmox/api.h"

#include <regex>
#include <stdexcept>
#include <thread>

#include "common/numbers.h"
#include "proxmox/errors.h"
#include "proxmox/row_stream.h"

namespace pm::proxmox {
namespace {

// "can't lock file … got timeout" means the operation never started, so any method may be
// retried; PVE holds that lock for up to a minute after a VM stops (notes §12, §14).
constexpr int kFileLockAttempts = 4;
constexpr std::chrono::seconds kFileLockPause{3};

// pveproxy's pseudo statuses for a request it forwarded to another node: 595 means the
// connection to that node failed (nothing was sent); 596–599 mean it broke later, maybe after
// the node had the request (AnyEvent::HTTP's codes).
bool MayHaveBeenDone(long status) { return status >= 596 && status <= 599; }

std::string TrimNewlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

void RealSleep(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

std::string ApiBase(const std::string& url) {
  static const std::regex shape(R"(^\s*https://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:([0-9]{1,5}))?(/.*)?\s*$)");
  std::smatch match;
  if (!std::regex_match(url, match, shape)) {
    throw std::invalid_argument("expected https://host:8006, got '" + url + "'");
  }
  std::string port = match[3].matched ? match[3].str() : "8006";
  if (!common::ParseWhole(port, 1, 65535)) throw std::invalid_argument("port out of range in '" + url + "'");
  return "https://" + match[1].str() + ":" + port + "/api2/json";
}

nlohmann::json DataOf(const http::Response& response) {
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status >= 200 && response.status < 300) {
    if (body.is_discarded() || !body.is_object()) {
      throw ApiError(response.status, "unreadable answer from Proxmox (not a JSON object)");
    }
    return body.value("data", nlohmann::json());
  }
  std::string message;
  nlohmann::json errors;
  if (!body.is_discarded() && body.is_object()) {
    if (body.contains("message") && body["message"].is_string()) message = body["message"];
    if (body.contains("errors")) errors = body["errors"];
  }
  if (message.empty()) message = response.reason;
  if (message.empty()) message = "HTTP " + std::to_string(response.status);
  message = TrimNewlines(message);
  // Parameter errors name the offending field only in `errors`; keep them in the text.
  if (errors.is_object()) {
    for (const auto& [name, reason] : errors.items()) {
      message += "; " + name + ": " + TrimNewlines(reason.is_string() ? reason.get<std::string>() : reason.dump());
    }
  }
  throw ApiError(response.status, message, errors);
}

Api::Api(http::HttpClient& http, std::string base, std::unique_ptr<Auth> auth, Sleeper sleeper)
    : http_(http), base_(std::move(base)), auth_(std::move(auth)), sleeper_(std::move(sleeper)) {}

nlohmann::json Api::Get(const std::string& path, const Params& query) { return Request("GET", path, query); }

void Api::GetRows(const std::string& path, const Params& query, const std::function<void(const nlohmann::json&)>& sink) {
  Request("GET", path, query, [&](const http::Response& response) {
    if (response.status < 200 || response.status >= 300) return DataOf(response);  // PVE's error
    ForEachDataRow(response.body, sink);
    return nlohmann::json();
  });
}
nlohmann::json Api::Post(const std::string& path, const Params& form) { return Request("POST", path, form); }
nlohmann::json Api::Put(const std::string& path, const Params& form) { return Request("PUT", path, form); }
nlohmann::json Api::Delete(const std::string& path, const Params& query) { return Request("DELETE", path, query); }

http::Response Api::SendWrite(const std::string& method, const std::string& path, const Params& params) {
  if (method == "GET") return SendOnce(method, path, params);
  std::int64_t sent_at = server_time_;
  auto sent = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - sent) +
           std::chrono::seconds(1);
  };
  http::Response response;
  try {
    response = SendOnce(method, path, params);
  } catch (const http::TransportError& error) {
    if (!http::MayHaveArrived(error)) throw;
    throw LostAnswer(method, path, error.what(), elapsed(), sent_at);
  }
  if (MayHaveBeenDone(response.status)) {
    throw LostAnswer(method, path, std::to_string(response.status) + " " + response.reason, elapsed(), sent_at);
  }
  return response;
}

http::Response Api::SendOnce(const std::string& method, const std::string& path, const Params& params) {
  http::Request request{method, base_ + path, {}, {}};
  // PVE refuses a body on GET/DELETE (501), so their parameters go in the query string.
  bool in_query = method == "GET" || method == "DELETE";
  if (in_query) {
    if (!params.empty()) request.url += "?" + http::EncodeForm(params);
  } else {
    request.headers["Content-Type"] = "application/x-www-form-urlencoded";
    request.body = http::EncodeForm(params);
  }
  auth_->Sign(request);
  auto started = std::chrono::steady_clock::now();
  ++requests_;
  http::Response response = http_.Send(request);
  if (response.date > 0) server_time_ = response.date;
  if (tracer_) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    tracer_(method + " " + path + " -> " + std::to_string(response.status) + " (" + std::to_string(ms.count()) + " ms)");
  }
  return response;
}

nlohmann::json Api::Request(const std::string& method, const std::string& path, const Params& params,
                            const Reader& read) {
  bool reauthenticated = false;
  for (int attempt = 1;; ++attempt) {
    http::Response response = SendWrite(method, path, params);
    try {
      return read(response);
    } catch (const ApiError& error) {
      if (error.kind() == ErrorKind::Auth && !reauthenticated && auth_->Invalidate()) {
        reauthenticated = true;
        continue;
      }
      if (error.kind() == ErrorKind::FileLockTimeout && attempt < kFileLockAttempts) {
        sleeper_(kFileLockPause);
        continue;
      }
      throw;
    }
  }
}

}  // namespace pm::proxmox
