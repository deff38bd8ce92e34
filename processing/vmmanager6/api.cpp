#include "vmmanager6/api.h"

#include <regex>
#include <stdexcept>
#include <thread>

#include "common/numbers.h"
#include "vmmanager6/errors.h"

namespace pm::vmmanager6 {
namespace {

constexpr const char* kTokenHeader = "x-xsrf-token";
constexpr const char* kLoginPath = "/auth/v4/public/token";

nlohmann::json BodyOf(const http::Response& response) {
  if (response.body.empty()) return nullptr;
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_discarded()) throw UnexpectedAnswer("unreadable answer from VMmanager (not JSON)");
  return body;
}

}  // namespace

void RealSleep(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

std::string ApiBase(const std::string& url) {
  static const std::regex shape(
      R"(^\s*https://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:([0-9]{1,5}))?(/|/vm/?|/vmmgr/?)?\s*$)");
  std::smatch match;
  if (!std::regex_match(url, match, shape)) {
    throw std::invalid_argument("expected https://vm6.example.net, got '" + url + "'");
  }
  if (match[3].matched && !common::ParseWhole(match[3].str(), 1, 65535)) {
    throw std::invalid_argument("port out of range in '" + url + "'");
  }
  return "https://" + match[1].str() + (match[3].matched ? ":" + match[3].str() : "");
}

Api::Api(http::HttpClient& http, std::string base, Credentials credentials, http::SessionCache& tokens, Sleeper sleeper,
         WakePolicy wake)
    : http_(http), base_(std::move(base)), credentials_(std::move(credentials)), tokens_(tokens),
      sleeper_(std::move(sleeper)), wake_(wake) {}

nlohmann::json Api::Get(const std::string& path, const std::string& query) {
  return Request("GET", path, query, nullptr);
}
nlohmann::json Api::Post(const std::string& path, const nlohmann::json& body) {
  return Request("POST", path, "", &body);
}
nlohmann::json Api::Delete(const std::string& path) { return Request("DELETE", path, "", nullptr); }

void Api::SignIn() {
  nlohmann::json body = {{"email", credentials_.email}, {"password", credentials_.password}};
  http::Response response = SendAwake("POST", kLoginPath, "", &body, false);
  // The token endpoint answers 201 (notes C3.1); 200 is taken as well.
  if (response.status != 201 && response.status != 200) {
    ApiError error = ErrorOf(response.status, response.body);
    // Any refusal of a login is a refusal of the credentials, whatever status carries it.
    if (response.status == 400 || response.status == 403) throw ApiError(401, error.code(), error.what());
    throw error;
  }
  nlohmann::json reply = BodyOf(response);
  if (!reply.is_object() || !reply.contains("token") || !reply["token"].is_string()) {
    throw UnexpectedAnswer("VMmanager's login answer carries no token");
  }
  token_ = reply["token"].get<std::string>();
  tokens_.Save(*token_);
}

nlohmann::json Api::Request(const std::string& method, const std::string& path, const std::string& query,
                            const nlohmann::json* body) {
  if (!token_) token_ = tokens_.Load();
  bool fresh = false;
  if (!token_) {
    SignIn();
    fresh = true;
  }
  http::Response response = SendAwake(method, path, query, body, true);
  // A refused token did nothing, so the request may be sent again once signed in anew.
  if (response.status == 401 && !fresh) {
    SignIn();
    response = SendAwake(method, path, query, body, true);
  }
  if (response.status < 200 || response.status >= 300) throw ErrorOf(response.status, response.body);
  return BodyOf(response);
}

http::Response Api::SendAwake(const std::string& method, const std::string& path, const std::string& query,
                              const nlohmann::json* body, bool signed_in) {
  for (int attempt = 1;; ++attempt) {
    http::Response response = SendOnce(method, path, query, body, signed_in);
    // A sleeping platform answers 503 before the request reaches it (docs: repeat it).
    if (response.status != 503 || attempt >= wake_.attempts) return response;
    sleeper_(wake_.step * attempt);
  }
}

http::Response Api::SendOnce(const std::string& method, const std::string& path, const std::string& query,
                             const nlohmann::json* body, bool signed_in) {
  http::Request request{method, base_ + path + (query.empty() ? "" : "?" + query), {}, {}};
  if (body) {
    request.headers["Content-Type"] = "application/json";
    request.body = body->dump();
  }
  if (signed_in) request.headers[kTokenHeader] = *token_;
  auto started = std::chrono::steady_clock::now();
  ++requests_;
  http::Response response;
  try {
    response = http_.Send(request);
  } catch (const http::TransportError& error) {
    if (method == "GET" || !http::MayHaveArrived(error)) throw;
    throw LostAnswer(method, path, error.what());
  }
  if (tracer_) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    tracer_(method + " " + path + " -> " + std::to_string(response.status) + " (" + std::to_string(ms.count()) + " ms)");
  }
  return response;
}

}  // namespace pm::vmmanager6
