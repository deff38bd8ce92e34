#include "sim_test_support.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace pvesim::testing {

namespace {

std::string Escape(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

ApiResponse Convert(const httplib::Result& result) {
  ApiResponse response;
  if (!result) return response;
  response.delivered = true;
  response.status = result->status;
  response.reason = result->reason;
  response.raw = result->body;
  response.headers = result->headers;
  if (!result->body.empty()) {
    response.body = nlohmann::json::parse(result->body, nullptr, false);
    if (response.body.is_discarded()) response.body = nullptr;
  }
  return response;
}

}  // namespace

std::string UrlEncode(const std::string& text) { return Escape(text); }

std::string EncodeForm(const Form& form) {
  std::string out;
  for (const auto& [key, value] : form) {
    if (!out.empty()) out += '&';
    out += Escape(key) + "=" + Escape(value);
  }
  return out;
}

std::string UpidNode(const std::string& upid) {
  auto start = upid.find(':') + 1;
  return upid.substr(start, upid.find(':', start) - start);
}

namespace {

std::filesystem::path ScratchPath() {
  return std::filesystem::temp_directory_path() / ("pvesim-test-" + std::to_string(getpid()));
}

// Removes the scratch directory when the test program ends.
class ScratchCleanup : public ::testing::Environment {
 public:
  void TearDown() override { std::filesystem::remove_all(ScratchPath()); }
};

[[maybe_unused]] ::testing::Environment* const kScratchCleanup =
    ::testing::AddGlobalTestEnvironment(new ScratchCleanup);

}  // namespace

std::string ScratchDir() {
  std::filesystem::create_directories(ScratchPath());
  return ScratchPath().string();
}

ApiClient::ApiClient(int port, const std::string& ca_file)
    : client_(std::make_unique<httplib::SSLClient>("127.0.0.1", port)) {
  client_->set_ca_cert_path(ca_file.c_str());
  client_->enable_server_certificate_verification(true);
  client_->set_read_timeout(30, 0);
}

httplib::Headers ApiClient::AuthHeaders(const std::string& method) const {
  httplib::Headers headers;
  if (!ticket_.empty()) {
    headers.emplace("Cookie", "PVEAuthCookie=" + Escape(ticket_));
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
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.headers = headers;
  request.body = body;
  if (!content_type.empty()) request.set_header("Content-Type", content_type);
  return Convert(client_->send(request));
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
  std::string path = "/nodes/" + UpidNode(upid) + "/tasks/" + Escape(upid) + "/status";
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
      Get("/nodes/" + UpidNode(upid) + "/tasks/" + Escape(upid) + "/log", {{"limit", "0"}});
  std::vector<std::string> lines;
  for (const auto& line : response.data()) lines.push_back(line["t"]);
  return lines;
}

void SimTest::SetUp() {
  options_.state_dir = ScratchDir();
  options_.time_scale = 0.05;
  options_.write_ready_file = false;
  StartServer();
}

void SimTest::StartServer() {
  server_.Start(options_);
  api_ = std::make_unique<ApiClient>(Billing());
}

void SimTest::RestartWithBackup(const std::string& volid, int vmid) {
  server_.Stop();
  options_.seed = {{"backups", {{{"volid", volid}, {"vmid", vmid}}}}};
  StartServer();
}

void SimTest::TearDown() { server_.Stop(); }

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
