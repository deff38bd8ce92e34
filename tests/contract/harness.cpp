#include "harness.h"

#include "panel_rows.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace pm::contract {
namespace {

fs::path TempDir(const std::string& prefix) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 (prefix + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<MgrctlCall> ParseCalls(const std::string& log) {
  std::vector<MgrctlCall> calls;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string word;
    MgrctlCall call;
    while (std::getline(words, word, '\t')) {
      auto eq = word.find('=');
      if (word == "-m" || word == "-o" || word == "billmgr" || word == "xml") continue;
      if (eq == std::string::npos) {
        if (call.func.empty()) call.func = word;
      } else {
        call.args[word.substr(0, eq)] = word.substr(eq + 1);
      }
    }
    calls.push_back(call);
  }
  return calls;
}

}  // namespace

SimProcess::SimProcess(const std::string& binary, const std::string& ca_file, double time_scale, nlohmann::json seed,
                       std::vector<std::string> args)
    : dir_(TempDir("pm-sim-")), ca_file_(ca_file) {
  args.insert(args.begin(), {"--state-dir", dir_.string(), "--port", "0", "--time-scale", std::to_string(time_scale)});
  if (!seed.is_null()) {
    std::ofstream(dir_ / "seed.json") << seed.dump();
    args.insert(args.end(), {"--seed", (dir_ / "seed.json").string()});
  }
  process_ = bp::child(binary, bp::args = args, bp::std_out > (dir_ / "stdout").string(),
                       bp::std_err > (dir_ / "stderr").string());
  for (int i = 0; i < 200 && !fs::exists(dir_ / "ready.json"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the writer finish the file
  auto ready = nlohmann::json::parse(Slurp(dir_ / "ready.json"), nullptr, false);
  if (ready.is_discarded()) throw std::runtime_error(binary + " did not start: " + Slurp(dir_ / "stderr"));
  port_ = ready.at("port");
  fingerprint_ = ready.at("fingerprint");
}

SimProcess::~SimProcess() {
  ::kill(process_.id(), SIGTERM);
  process_.wait();
  fs::remove_all(dir_);
}

std::string SimProcess::ca_pem() const { return Slurp(dir_ / ca_file_); }

nlohmann::json SimProcess::Control(const std::string& method, const std::string& path, const nlohmann::json& body) {
  httplib::SSLClient client("127.0.0.1", port_);
  client.set_ca_cert_path((dir_ / ca_file_).string().c_str());
  client.enable_server_certificate_verification(true);
  client.set_read_timeout(30, 0);
  std::string payload = body.is_null() ? "" : body.dump();
  httplib::Result result = method == "GET"      ? client.Get(path.c_str())
                           : method == "DELETE" ? client.Delete(path.c_str())
                                                : client.Post(path.c_str(), payload, "application/json");
  if (!result) throw std::runtime_error("simulator control call failed: " + path);
  if (result->status >= 300) throw std::runtime_error("simulator control " + path + ": " + result->body);
  if (result->body.empty()) return nlohmann::json();
  auto answer = nlohmann::json::parse(result->body);
  return answer.is_object() && answer.contains("data") ? answer["data"] : answer;
}

int SimProcess::Sent(const std::string& method, const std::string& path) {
  std::regex pattern(path);
  nlohmann::json log = Control("GET", "/_sim/requests");  // held: the loop must not outlive it
  int sent = 0;
  for (const auto& request : log.at("requests")) {
    // vm5-sim has one path and logs the function instead.
    std::string subject = request.contains("func") ? "func=" + request.at("func").get<std::string>()
                                                   : request.at("path").get<std::string>();
    sent += request.at("method") == method && std::regex_search(subject, pattern);
  }
  return sent;
}

bool SimProcess::AwaitSent(const std::string& method, const std::string& path, int looks) {
  for (int i = 0; i < looks; ++i) {
    if (Sent(method, path) > 0) return true;
  }
  return false;
}

Simulator::Simulator(double time_scale, const SimOptions& options)
    : SimProcess(PM_PVE_SIM, "pve-root-ca.pem", time_scale, options.seed,
                 options.clock_offset ? std::vector<std::string>{"--clock-offset", std::to_string(options.clock_offset)}
                                      : std::vector<std::string>{}) {}

nlohmann::json Simulator::Api(const std::string& method, const std::string& path, const std::string& form) {
  httplib::SSLClient client("127.0.0.1", port());
  client.set_ca_cert_path((dir_ / ca_file_).string().c_str());
  client.enable_server_certificate_verification(true);
  httplib::Headers headers = {{"Authorization", "PVEAPIToken=billing@pve!bm=5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90"}};
  std::string full = "/api2/json" + path;
  httplib::Result result = method == "GET"      ? client.Get(full.c_str(), headers)
                           : method == "DELETE" ? client.Delete(full.c_str(), headers)
                           : method == "PUT"    ? client.Put(full.c_str(), headers, form, "application/x-www-form-urlencoded")
                                                : client.Post(full.c_str(), headers, form, "application/x-www-form-urlencoded");
  if (!result) throw std::runtime_error("simulator API call failed: " + path);
  auto body = nlohmann::json::parse(result->body, nullptr, false);
  if (result->status != 200) throw std::runtime_error("simulator API " + path + ": " + result->body);
  return body.at("data");
}

std::vector<nlohmann::json> Simulator::Guests() {
  std::vector<nlohmann::json> guests;
  for (const auto& row : Api("GET", "/cluster/resources?type=vm")) {
    if (row.value("template", 0) == 0) guests.push_back(row);
  }
  return guests;
}

std::vector<MgrctlCall> Result::Calls(const std::string& func) const {
  std::vector<MgrctlCall> found;
  for (const auto& call : calls) {
    if (call.func == func) found.push_back(call);
  }
  return found;
}

Panel::Panel(std::string module) : module_(std::move(module)), root_(TempDir("pm-panel-")) {
  fs::create_directories(root_ / "var");
  fs::create_directories(root_ / "etc");
  std::ofstream(root_ / "etc/debug.conf") << module_ << ".* 9\n";
}

Panel::Panel(std::string module, InstalledTree tree)
    : module_(std::move(module)), root_(std::move(tree.mgr_root)), installed_(true) {}

std::string Panel::Binary() const {
  return installed_ ? (root_ / "processing" / module_).string() : std::string(PM_MODULES_DIR) + "/" + module_;
}

Panel::~Panel() {
  if (!installed_ && !std::getenv("PM_KEEP_ROOT")) fs::remove_all(root_);
}

// The module inherits the test's environment. (Boost 1.74's environment object reads past the
// end of short variables, so it is not used.)
void Panel::ExportEnvironment() const {
  setenv("MGR_ROOT", root_.c_str(), 1);
  setenv("MGRCTL", PM_FAKE_MGRCTL, 1);
  setenv("PM_FAKE_MGRCTL_LOG", (root_ / "mgrctl.log").c_str(), 1);
  if (db_) {
    setenv("PM_FAKE_MGRCTL_PARAMLIST", (root_ / "paramlist.xml").c_str(), 1);
  } else {
    unsetenv("PM_FAKE_MGRCTL_PARAMLIST");
  }
}

void Panel::UseDatabase(test::PanelDatabase& db) {
  db_ = &db;
  std::ofstream(root_ / "paramlist.xml") << db.Install(root_);
  bp::child features(Binary(), bp::args = {"--command", "features"}, bp::std_out > (root_ / "features.xml").string(),
                     bp::std_err > bp::null);
  features.wait();
  pugi::xml_document doc;
  doc.load_file((root_ / "features.xml").c_str());
  for (auto param : doc.select_nodes("/doc/params/param[@crypted='yes']")) {
    crypted_.insert(param.node().attribute("name").value());
  }
}

bp::child Panel::Start(const std::vector<std::string>& given, const std::string& stdin_text) {
  std::vector<std::string> args = given;
  std::string text = stdin_text;
  bool form = std::find(args.begin(), args.end(), "check_connection") != args.end();
  if (db_ && !text.empty() && !form) {
    StoreDocument(*db_, text, module_, crypted_);
    text.clear();
    auto module = std::find(args.begin(), args.end(), "--module");
    bool item = std::find(args.begin(), args.end(), "--item") != args.end();
    if (item && module != args.end() && module + 1 != args.end()) args.erase(module, module + 2);
  }
  // A file per run: a second run started before the first read its document must not change it.
  fs::path stdin_file = root_ / ("stdin-" + std::to_string(++started_) + ".xml");
  std::ofstream(stdin_file) << text;
  ExportEnvironment();
  return bp::child(Binary(), bp::args = args, bp::std_in < stdin_file.string(),
                   bp::std_out > (root_ / "stdout.xml").string(), bp::std_err > bp::null);
}

Result Panel::Run(const std::vector<std::string>& args, const std::string& stdin_text) {
  fs::remove(root_ / "mgrctl.log");
  bp::child child = Start(args, stdin_text);
  return Finished(child);
}

Result Panel::Page(const std::string& func, const std::map<std::string, std::string>& params,
                   const std::string& user, const std::string& level) {
  fs::remove(root_ / "mgrctl.log");
  ExportEnvironment();
  // Set only around the spawn, as the panel sets them for one handler run.
  std::vector<std::string> names = {"AUTH_USER", "AUTH_LEVEL"};
  setenv("AUTH_USER", user.c_str(), 1);
  setenv("AUTH_LEVEL", level.c_str(), 1);
  for (const auto& [name, value] : params) {
    names.push_back("PARAM_" + name);
    setenv(names.back().c_str(), value.c_str(), 1);
  }
  std::ofstream(root_ / "page.xml") << "<doc func=\"" << func << "\"/>";
  bp::child child(PM_BACKUPS_PAGE, bp::std_in < (root_ / "page.xml").string(),
                  bp::std_out > (root_ / "stdout.xml").string(), bp::std_err > bp::null);
  for (const auto& name : names) unsetenv(name.c_str());
  return Finished(child);
}

Result Panel::Finished(bp::child& child) {
  child.wait();
  Result result;
  result.exit_code = child.exit_code();
  result.out = Slurp(root_ / "stdout.xml");
  result.doc.load_string(result.out.c_str());
  result.calls = ParseCalls(Slurp(root_ / "mgrctl.log"));
  return result;
}

void Panel::StateSql(const std::string& sql) {
  sqlite3* db = nullptr;
  std::string path = (root_ / ("var/" + module_ + ".db")).string();
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  char* error = nullptr;
  int status = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (status != SQLITE_OK) throw std::runtime_error("state SQL failed: " + message);
}

std::string Panel::Log() const { return Slurp(root_ / ("var/" + module_ + ".log")); }

std::string Panel::PageLog() const { return Slurp(root_ / "var/pmproxmox_backups.log"); }

std::vector<std::string> Panel::StateColumn(const std::string& sql, const std::string& file) {
  sqlite3* db = nullptr;
  std::string path = (root_ / file).string();
  if (file.front() == '/') path = file;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> values;
  auto collect = [](void* out, int columns, char** row, char**) {
    if (columns > 0) static_cast<std::vector<std::string>*>(out)->push_back(row[0] ? row[0] : "");
    return 0;
  };
  char* error = nullptr;
  int status = sqlite3_exec(db, sql.c_str(), collect, &values, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (status != SQLITE_OK) throw std::runtime_error("state query failed: " + message);
  return values;
}

void Panel::InstallModule() {
  fs::create_directories(root_ / "processing");
  fs::create_symlink(Binary(), root_ / "processing" / module_);
}

ServiceHold::ServiceHold(const fs::path& lock_file, long item) {
  fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  struct flock range {};
  range.l_type = F_WRLCK;
  range.l_whence = SEEK_SET;
  range.l_start = item;
  range.l_len = 1;
  if (fd_ < 0 || ::fcntl(fd_, F_OFD_SETLK, &range) != 0) throw std::runtime_error("cannot hold the service");
}

ServiceHold::~ServiceHold() { ::close(fd_); }

std::string ServiceDoc::Text() const {
  std::ostringstream doc;
  doc << "<doc>" << module_xml << "<item id=\"" << item << "\" status=\"active\" account=\"42\"><pricelist id=\"12\">";
  for (const auto& [name, value] : pricelist) doc << "<param name=\"" << name << "\">" << XmlEscape(value) << "</param>";
  doc << "</pricelist>";
  for (const auto& [name, value] : params) doc << "<param name=\"" << name << "\">" << XmlEscape(value) << "</param>";
  for (const auto& [name, value, measure] : addons) {
    doc << "<addon name=\"" << name << "\"" << (measure.empty() ? "" : " measure=\"" + measure + "\"") << ">" << value
        << "</addon>";
  }
  doc << "</item></doc>";
  return doc.str();
}

void ServiceDoc::SetAddon(const std::string& name, const std::string& value, const std::string& measure) {
  for (auto& [n, v, m] : addons) {
    if (n == name) {
      v = value;
      m = measure;
      return;
    }
  }
  addons.emplace_back(name, value, measure);
}

std::string ModuleXml(const Simulator& sim, const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> fields = {{"url", sim.url()},
                                               {"token_id", "billing@pve!bm"},
                                               {"token_secret", "5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90"},
                                               {"fingerprint", sim.fingerprint()},
                                               {"storage", "local-lvm"},
                                               {"bridge", "vmbr0"}};
  for (const auto& [name, value] : overrides) fields[name] = value;
  return ProcessingModuleXml(fields);
}

std::string ProcessingModuleXml(const std::map<std::string, std::string>& fields) {
  std::string xml = "<processingmodule id=\"7\">";
  for (const auto& [name, value] : fields) {
    if (value != "<absent>") xml += "<" + name + ">" + XmlEscape(value) + "</" + name + ">";
  }
  return xml + "</processingmodule>";
}

bool KillOnceSent(Panel& panel, SimProcess& sim, const std::vector<std::string>& args, const std::string& stdin_text,
                  const std::string& method, const std::string& path) {
  auto child = panel.Start(args, stdin_text);
  bool sent = sim.AwaitSent(method, path);
  ::kill(child.id(), SIGKILL);
  child.wait();
  return sent;
}

}  // namespace pm::contract
