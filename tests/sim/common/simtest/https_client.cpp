#include "simtest/https_client.h"

namespace simtest {

std::string HttpAnswer::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::unique_ptr<httplib::SSLClient> NewHttpsClient(int port, const std::string& ca_file,
                                                   bool encode_targets) {
  auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
  client->set_ca_cert_path(ca_file.c_str());
  client->enable_server_certificate_verification(true);
  if (!encode_targets) client->set_url_encode(false);
  client->set_read_timeout(30, 0);
  return client;
}

HttpAnswer Send(httplib::SSLClient& client, const std::string& method, const std::string& target,
                const std::string& body, const std::string& content_type,
                httplib::Headers headers) {
  httplib::Request request;
  request.method = method;
  request.path = target;
  request.headers = std::move(headers);
  request.body = body;
  if (!content_type.empty()) request.set_header("Content-Type", content_type);
  httplib::Result result = client.send(request);
  HttpAnswer answer;
  if (!result) return answer;
  answer.delivered = true;
  answer.status = result->status;
  answer.reason = result->reason;
  answer.raw = result->body;
  answer.headers = result->headers;
  if (!result->body.empty()) {
    answer.body = nlohmann::json::parse(result->body, nullptr, false);
    if (answer.body.is_discarded()) answer.body = nullptr;
  }
  return answer;
}

}  // namespace simtest
