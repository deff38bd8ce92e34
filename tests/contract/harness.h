// Drives the built module the way BILLmanager does, against a pve-sim process.
#pragma once

#include <boost/process.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <vector>

#include "panel_database.h"

namespace pm::contract {

// How a pve-sim process starts besides its time scale: a seed (pve-sim README), and how far its
// clock is off the host's.
struct SimOptions {
  nlohmann::json seed = nullptr;
  long clock_offset = 0;
};

// A simulator process (pve-sim, vm6-sim) with its own state directory, started with
// `--state-dir DIR --port 0 --time-scale X` and whatever else `args` add; ready once it wrote
// DIR/ready.json. Stopped when destroyed.
class SimProcess {
 public:
  SimProcess(const std::string& binary, const std::string& ca_file, double time_scale, nlohmann::json seed,
             std::vector<std::string> args = {});
  ~SimProcess();
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  int port() const { return port_; }
  const std::string& fingerprint() const { return fingerprint_; }
  std::string ca_pem() const;
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

  // The control API (/_sim/…; returns its `data`, or the whole answer when it has none).
  nlohmann::json Control(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);
  nlohmann::json State() { return Control("GET", "/_sim/state"); }
  long RequestCount() { return Control("GET", "/_sim/requests").at("count"); }
  void ResetRequests() { Control("DELETE", "/_sim/requests"); }
  void AddFault(const nlohmann::json& rule) { Control("POST", "/_sim/faults", rule); }
  // How many requests since the last reset had `method` and a path the regex `path` finds in
  // (vm5-sim's requests: "func=<function>").
  int Sent(const std::string& method, const std::string& path);
  // Looks at the request log until such a request came (true) or `looks` ran out (false); for
  // kill tests, which stop the module right after it sent a given write.
  bool AwaitSent(const std::string& method, const std::string& path, int looks = 2000);

 protected:
  std::filesystem::path dir_;
  std::string ca_file_;

 private:
  boost::process::child process_;
  int port_ = 0;
  std::string fingerprint_;
};

// A pve-sim process.
class Simulator : public SimProcess {
 public:
  explicit Simulator(double time_scale = 0.05, const SimOptions& options = {});

  // The real API (/api2/json/…, with the seeded token) for test set-up.
  // A real API call with the seeded token; returns `data`.
  nlohmann::json Api(const std::string& method, const std::string& path, const std::string& form = "");
  // The QEMU guests of /cluster/resources that carry `name`, or all when empty.
  std::vector<nlohmann::json> Guests();
};

struct MgrctlCall {
  std::string func;
  std::map<std::string, std::string> args;
};

struct Result {
  int exit_code = -1;
  std::string out;
  pugi::xml_document doc;
  std::vector<MgrctlCall> calls;

  bool ok() const { return exit_code == 0 && doc.select_node("/doc/ok"); }
  std::string ErrorType() const { return doc.select_node("/doc/error").node().attribute("type").value(); }
  std::string ErrorObject() const { return doc.select_node("/doc/error").node().attribute("object").value(); }
  std::string ErrorText() const { return doc.select_node("/doc/error/msg").node().text().get(); }
  std::string Value(const std::string& name) const {
    return doc.child("doc").child(name.c_str()).text().get();
  }
  std::vector<MgrctlCall> Calls(const std::string& func) const;
};

// A panel tree its package installed the module into (packaging/check-packages.sh).
struct InstalledTree {
  std::filesystem::path mgr_root;
};

// A panel root (MGR_ROOT) with a recording mgrctl, running the binary of `module` as built.
class Panel {
 public:
  explicit Panel(std::string module = "pmproxmox");
  // Runs the module installed under `tree` with that tree as MGR_ROOT, and leaves the tree.
  Panel(std::string module, InstalledTree tree);
  ~Panel();

  Result Run(const std::vector<std::string>& args, const std::string& stdin_text);
  // From now on, run commands as a stock BILLmanager does (contract §13): the document of each run
  // becomes rows of `db` and the module gets no document, an item command `--item` without
  // `--module`. check_connection keeps its document (the panel sends the form).
  void UseDatabase(test::PanelDatabase& db);
  // Starts the module without waiting, for kill tests.
  boost::process::child Start(const std::vector<std::string>& args, const std::string& stdin_text);
  // Runs the Backups page handler as the panel does: PARAM_<name> for each param, AUTH_USER,
  // AUTH_LEVEL (16 = client, 29 = admin), the function's document on stdin.
  Result Page(const std::string& func, const std::map<std::string, std::string>& params,
              const std::string& user = "client1", const std::string& level = "16");
  std::string Log() const;
  std::string PageLog() const;  // the Backups page's own log
  // Runs SQL on the module's state, to leave it as a kill at a chosen step would.
  void StateSql(const std::string& sql);
  // The first column of each row of a query on a state file (the module's by default).
  std::vector<std::string> StateColumn(const std::string& sql, const std::string& file = "var/pmproxmox.db");
  // Puts the module where the panel's tree has it (processing/pmproxmox), so the Backups page can
  // start backup_tick itself.
  void InstallModule();
  const std::filesystem::path& root() const { return root_; }

 private:
  void ExportEnvironment() const;
  std::string Binary() const;
  Result Finished(boost::process::child& child);  // waits; reads its answer and mgrctl calls

  std::string module_;
  std::filesystem::path root_;
  bool installed_ = false;
  test::PanelDatabase* db_ = nullptr;
  std::set<std::string> crypted_;  // the connection fields features marks crypted
  int started_ = 0;
};

// Holds service `item` as a running command of the module does (core/item_lock.h: an OFD lock
// on byte <item> of the state's lock file) until destroyed.
class ServiceHold {
 public:
  ServiceHold(const std::filesystem::path& lock_file, long item);
  ~ServiceHold();
  ServiceHold(const ServiceHold&) = delete;
  ServiceHold& operator=(const ServiceHold&) = delete;

 private:
  int fd_ = -1;
};

// The contract's input document for one service.
struct ServiceDoc {
  std::string module_xml;  // <processingmodule>…</processingmodule>
  long item = 1001;
  std::map<std::string, std::string> params = {{"ostempl", "debian-12-cloud"}, {"domain", "web1.example.com"}};
  std::map<std::string, std::string> pricelist;
  std::vector<std::tuple<std::string, std::string, std::string>> addons = {
      {"ncpu", "1", ""}, {"mem", "1", "GiB"}, {"disc", "10", "GiB"}};

  std::string Text() const;
  void SetAddon(const std::string& name, const std::string& value, const std::string& measure = "");
};

std::string ModuleXml(const Simulator& sim, const std::map<std::string, std::string>& overrides = {});
// <processingmodule id="7"> with one child per field; a value "<absent>" leaves the field out.
std::string ProcessingModuleXml(const std::map<std::string, std::string>& fields);

// Starts the module with `args` and `stdin_text`, and kills it (SIGKILL) once `sim` saw a request
// of `method` to a path the regex `path` finds in; false when none came.
bool KillOnceSent(Panel& panel, SimProcess& sim, const std::vector<std::string>& args, const std::string& stdin_text,
                  const std::string& method, const std::string& path);

}  // namespace pm::contract
