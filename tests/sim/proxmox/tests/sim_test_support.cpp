#include "sim_test_support.h"

#include <chrono>
#include <thread>

#include "http/form.h"

namespace pvesim::testing {

namespace {

ApiResponse Convert(simtest::HttpAnswer answer) {
  ApiResponse response;
  static_cast<simtest::HttpAnswer&>(response) = std::move(answer);
  return response;
}

}  // namespace

std::string UrlEncode(const std::string& text) { return pm::http::PercentEncode(text); }

std::string EncodeForm(const Form& form) {
  return pm::http::EncodeForm(pm::http::FormFields(form.begin(), form.end()));
}

std::string UpidNode(const std::string& upid) {
  auto start = upid.find(':') + 1;
  return upid.substr(start, upid.find(':', start) - start);
}

std::string ScratchDir() { return simtest::ScratchDir("pvesim"); }

ApiClient::ApiClient(int port, const std::string& ca_file)
    : client_(simtest::NewHttpsClient(port, ca_file, true)) {}

httplib::Headers ApiClient::AuthHeaders(const std::string& method) const {
  httplib::Headers headers;
  if (!ticket_.empty()) {
    headers.emplace("Cookie", "PVEAuthCookie=" + UrlEncode(ticket_));
    if (method != "GET") headers.emplace("CSRFPreventionToken", csrf_);
  } else if (!token_.empty()) {
    headers.emplace("Authorization", token_);
  }
  return headers;
}

ApiResponse ApiClient::Send(const std::string& method, const std::string& path,
                            const std::string& body, const std::string& content_type,
                            httplib::Headers headers, bool bare) {
  if (!bare) {
    for (auto& header : AuthHeaders(method)) headers.insert(header);
  }
  return Convert(simtest::Send(*client_, method, path, body, content_type, std::move(headers)));
}

ApiResponse ApiClient::Login(const std::string& user, const std::string& password) {
  ApiResponse response = Send("POST", "/api2/json/access/ticket",
                              EncodeForm({{"username", user}, {"password", password}}),
                              "application/x-www-form-urlencoded", {}, true);
  if (response.status == 200)
    UseTicket(response.data()["ticket"], response.data()["CSRFPreventionToken"]);
  return response;
}

void ApiClient::UseToken(const std::string& header_value) {
  ticket_.clear();
  token_ = header_value;
}

void ApiClient::UseTicket(const std::string& ticket, const std::string& csrf) {
  token_.clear();
  ticket_ = ticket;
  csrf_ = csrf;
}

ApiResponse ApiClient::Get(const std::string& path, const Form& query) {
  std::string target = "/api2/json" + path + (query.empty() ? "" : "?" + EncodeForm(query));
  return Send("GET", target, "", "");
}

ApiResponse ApiClient::Post(const std::string& path, const Form& form) {
  return Send("POST", "/api2/json" + path, EncodeForm(form), "application/x-www-form-urlencoded");
}

ApiResponse ApiClient::Put(const std::string& path, const Form& form) {
  return Send("PUT", "/api2/json" + path, EncodeForm(form), "application/x-www-form-urlencoded");
}

ApiResponse ApiClient::Delete(const std::string& path, const Form& query) {
  std::string target = "/api2/json" + path + (query.empty() ? "" : "?" + EncodeForm(query));
  return Send("DELETE", target, "", "");
}

ApiResponse ApiClient::PostJson(const std::string& path, const nlohmann::json& body) {
  return Send("POST", "/api2/json" + path, body.dump(), "application/json");
}

std::string ApiClient::WaitTask(const std::string& upid, double timeout_seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  std::string path = "/nodes/" + UpidNode(upid) + "/tasks/" + UrlEncode(upid) + "/status";
  while (std::chrono::steady_clock::now() < deadline) {
    ApiResponse response = Get(path);
    if (response.status == 200 && response.data()["status"] == "stopped") {
      return response.data()["exitstatus"];
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "";
}

std::vector<std::string> ApiClient::TaskLog(const std::string& upid) {
  ApiResponse response =
      Get("/nodes/" + UpidNode(upid) + "/tasks/" + UrlEncode(upid) + "/log", {{"limit", "0"}});
  std::vector<std::string> lines;
  for (const auto& line : response.data()) lines.push_back(line["t"]);
  return lines;
}

void SimTest::Started() { api_ = std::make_unique<ApiClient>(Billing()); }

void SimTest::RestartWithBackup(const std::string& volid, int vmid) {
  server_.Stop();
  options_.seed = {{"backups", {{{"volid", volid}, {"vmid", vmid}}}}};
  StartServer();
}

ApiClient SimTest::NewClient() const {
  return ApiClient(server_.Port(), server_.CaFile().string());
}

ApiClient SimTest::Billing() {
  ApiClient client = NewClient();
  EXPECT_EQ(client.Login("billing@pve", "billing-secret").status, 200);
  return client;
}

ApiClient SimTest::Token() {
  ApiClient client = NewClient();
  client.UseToken("PVEAPIToken=billing@pve!bm=5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90");
  return client;
}

ApiClient SimTest::Audit() {
  ApiClient client = NewClient();
  EXPECT_EQ(client.Login("audit@pve", "audit-secret").status, 200);
  return client;
}

std::string SimTest::CloneTemplate(ApiClient& client, int newid, const Form& extra) {
  Form form = extra;
  form["newid"] = std::to_string(newid);
  ApiResponse response = client.Post("/nodes/pve1/qemu/9000/clone", form);
  if (response.status != 200)
    return "HTTP " + std::to_string(response.status) + " " + response.message();
  return client.WaitTask(response.data());
}

}  // namespace pvesim::testing
