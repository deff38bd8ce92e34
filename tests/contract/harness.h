// Drives the built module the way BILLmanager does, against a pve-sim process.
#pragma once

#include <boost/process.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <vector>

namespace pm::contract {

// How a pve-sim process starts besides its time scale: a seed (pve-sim README), and how far its
// clock is off the host's.
struct SimOptions {
  nlohmann::json seed = nullptr;
  long clock_offset = 0;
};

// A pve-sim process with its own state directory; stopped when destroyed.
class Simulator {
 public:
  explicit Simulator(double time_scale = 0.05, const SimOptions& options = {});
  ~Simulator();

  int port() const { return port_; }
  const std::string& fingerprint() const { return fingerprint_; }
  std::string ca_pem() const;
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

  // The control API (/_sim/…; returns its `data`) and the real API (/api2/json/…, as root) for test set-up.
  nlohmann::json Control(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);
  nlohmann::json State() { return Control("GET", "/_sim/state"); }
  // A real API call with the seeded token; returns `data`.
  nlohmann::json Api(const std::string& method, const std::string& path, const std::string& form = "");
  // The QEMU guests of /cluster/resources that carry `name`, or all when empty.
  std::vector<nlohmann::json> Guests();
  long RequestCount();
  void ResetRequests() { Control("DELETE", "/_sim/requests"); }
  void AddFault(const nlohmann::json& rule) { Control("POST", "/_sim/faults", rule); }

 private:
  std::filesystem::path dir_;
  boost::process::child process_;
  int port_ = 0;
  std::string fingerprint_;
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

// A panel root (MGR_ROOT) with a recording mgrctl, running the module binary.
class Panel {
 public:
  Panel();
  ~Panel();

  Result Run(const std::vector<std::string>& args, const std::string& stdin_text);
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
  Result Finished(boost::process::child& child);  // waits; reads its answer and mgrctl calls

  std::filesystem::path root_;
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

}  // namespace pm::contract
