#include "support.h"

namespace vm5sim::testing {

namespace {

Response Convert(simtest::HttpAnswer answer) {
  Response response;
  static_cast<simtest::HttpAnswer&>(response) = std::move(answer);
  response.content_type = response.header("Content-Type");
  if (response.content_type.rfind("text/xml", 0) == 0) {
    response.xml = std::make_shared<pugi::xml_document>();
    if (!response.xml->load_buffer(response.raw.data(), response.raw.size())) response.xml.reset();
  }
  return response;
}

}  // namespace

std::string ScratchDir() { return simtest::ScratchDir("vm5sim"); }

std::optional<std::string> Response::Field(const std::string& name) const {
  pugi::xml_node field = doc().child(name.c_str());
  if (!field) return std::nullopt;
  return std::string(field.child_value());
}

std::vector<Row> Response::Rows() const {
  std::vector<Row> rows;
  for (pugi::xml_node elem : doc().children("elem")) {
    Row row;
    for (pugi::xml_node column : elem.children()) row[column.name()] = column.child_value();
    rows.push_back(row);
  }
  return rows;
}

Client::Client(int port, const std::string& ca_file)
    : client_(simtest::NewHttpsClient(port, ca_file, false)) {}

Response Client::Send(const std::string& method, const std::string& target, const std::string& body,
                      const std::string& content_type) {
  return Convert(simtest::Send(*client_, method, target, body, body.empty() ? "" : content_type));
}

Form Client::Complete(const std::string& func, Form fields) const {
  Form form = {{"func", func}};
  bool has_out = false;
  for (const auto& [key, value] : fields) has_out = has_out || key == "out";
  if (!has_out) form.emplace_back("out", "xml");
  if (!session_.empty()) form.emplace_back("auth", session_);
  form.insert(form.end(), fields.begin(), fields.end());
  return form;
}

Response Client::Post(const std::string& func, Form fields) {
  return Send("POST", "/vmmgr", EncodeForm(Complete(func, std::move(fields))));
}

Response Client::Get(const std::string& func, Form fields) {
  return Send("GET", "/vmmgr?" + EncodeForm(Complete(func, std::move(fields))), "");
}

Response Client::Login(const std::string& username, const std::string& password) {
  Response response =
      Send("POST", "/vmmgr",
           EncodeForm(
               {{"func", "auth"}, {"out", "xml"}, {"username", username}, {"password", password}}));
  std::string id = response.doc().child("auth").attribute("id").value();
  if (!id.empty()) session_ = id;
  return response;
}

void SimTest::Started() { admin_ = std::make_unique<Client>(As("admin", "admin-secret")); }

Client SimTest::NewClient() const { return Client(server_.Port(), server_.CaFile().string()); }

Client SimTest::As(const std::string& name, const std::string& password) {
  Client client = NewClient();
  Response response = client.Login(name, password);
  EXPECT_FALSE(client.session().empty()) << name << ": " << response.raw;
  return client;
}

Form SimTest::VmForm(const Form& overrides) {
  Form form = {{"sok", "ok"},
               {"name", "vm1"},
               {"domain", "vm1.example.net"},
               {"user", "2"},
               {"password", "Secret-123"},
               {"confirm", "Secret-123"},
               {"vmi", "ISPsystem__Debian-12-amd64"},
               {"mem", "1024"},
               {"vcpu", "1"},
               {"vsize", "10240"},
               {"cputune", "1000"},
               {"hostnode", "auto"},
               {"family", "ipv4"},
               {"recipe", "null"}};
  for (const auto& [key, value] : overrides) {
    std::erase_if(form, [&](const auto& field) { return field.first == key; });
    if (!value.empty()) form.emplace_back(key, value);
  }
  return form;
}

Response SimTest::CreateVm(const Form& overrides) {
  return admin_->Post("vm.edit", VmForm(overrides));
}

int SimTest::ReadyVm(const Form& overrides) {
  Response response = CreateVm(overrides);
  EXPECT_TRUE(response.Ok()) << response.raw;
  server_.AdvanceClock(121);
  return std::stoi(response.Field("id").value_or("0"));
}

std::optional<Row> SimTest::VmRow(int id) {
  for (const Row& row : admin_->Post("vm").Rows()) {
    if (row.at("id") == std::to_string(id)) return row;
  }
  return std::nullopt;
}

}  // namespace vm5sim::testing
