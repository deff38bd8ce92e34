// What the Proxmox client makes of PVE's answers (processing/proxmox/): the fuzz bytes are the
// HTTP status and body of the answers a scripted HttpClient gives the real client functions,
// and the text of the pure parsers. Only the exceptions the client documents may come out:
// ApiError, UnexpectedAnswer, LostAnswer (writes), TaskError and TaskTimeout (waits), and
// std::invalid_argument from ParseUpid (a task id) or a volume id without a storage. A
// nlohmann::json exception, any other exception, a crash or a sanitizer report is a finding. The
// row stream must read the rows the whole answer read as one tree has, and refuse what DataOf
// refuses (an answer that is no JSON object); ParseSize takes only a decimal number of bytes or
// K/M/G/T that fits in 63 bits, and gives that number.
//
// Input (text): the first line names the function (an unknown name picks one by its bytes),
// "ticket" after the name signs in with a ticket instead of a token. Then the answers in the
// order the requests are made, separated by lines "---": each a status line "<status> <reason>"
// (no number: 200) and the body after it. A request past the last answer gets PVE's 501. The pure
// parsers and the row stream read the first answer's body.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "proxmox/api.h"
#include "proxmox/auth.h"
#include "proxmox/backups.h"
#include "proxmox/cluster.h"
#include "proxmox/errors.h"
#include "proxmox/fields.h"
#include "proxmox/row_stream.h"
#include "proxmox/task_log.h"
#include "proxmox/tasks.h"
#include "proxmox/vm_config.h"
#include "proxmox/vms.h"
#include "scripted_http.h"

using namespace pm;
using namespace pm::proxmox;
using fuzz::Finding;

namespace {

const std::string kBase = "https://pve1:8006/api2/json";
const std::string kUpid = "UPID:pve1:0003A1F0:01B2C3D4:6650A1B2:vzdump:100:billing@pve!bm:";
const std::string kVolid = "backup-nfs:backup/vzdump-qemu-100-2026_05_01-02_30_00.vma.zst";

struct Script {
  std::string function;
  bool ticket = false;
  std::vector<http::Response> answers;
  std::string text;  // the first answer's body, for the pure parsers
};

Script Read(std::string_view input) {
  Script script;
  auto lines = fuzz::Lines(input);
  if (lines.empty()) return script;
  std::string_view head = lines[0];
  if (auto space = head.find(' '); space != std::string_view::npos) {
    script.ticket = head.substr(space + 1) == "ticket";
    head = head.substr(0, space);
  }
  script.function = std::string(head);
  http::Response* answer = nullptr;
  bool first_line = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (!answer || lines[i] == "---") {
      script.answers.push_back({200, "OK", ""});
      answer = &script.answers.back();
      first_line = true;
      if (lines[i] == "---") continue;
    }
    if (first_line) {
      first_line = false;
      std::string_view line = lines[i];
      size_t digits = 0;
      while (digits < line.size() && digits < 6 && line[digits] >= '0' && line[digits] <= '9') ++digits;
      if (digits > 0) {
        answer->status = std::stol(std::string(line.substr(0, digits)));
        answer->reason = std::string(line.substr(std::min(line.size(), digits + 1)));
        continue;
      }
    }
    if (!answer->body.empty()) answer->body += '\n';
    answer->body += lines[i];
  }
  if (!script.answers.empty()) script.text = script.answers.front().body;
  return script;
}

// The documented exceptions: anything else escaping a client function is a finding.
template <typename Call>
void OnlyDocumented(const std::string& what, Call&& call) {
  try {
    call();
  } catch (const ApiError&) {
  } catch (const UnexpectedAnswer&) {
  } catch (const LostAnswer&) {
  } catch (const TaskError&) {
  } catch (const TaskTimeout&) {
  } catch (const std::invalid_argument& e) {
    std::string text = e.what();
    if (text.rfind("not a task id", 0) != 0 && text.rfind("bad start time in UPID", 0) != 0 &&
        text.rfind("not a volume id", 0) != 0) {
      Finding(what + " threw std::invalid_argument: " + text);
    }
  } catch (...) {
    Finding(what + " threw " + fuzz::CurrentException());
  }
}

void CheckParseUpid(const std::string& text) {
  try {
    Upid upid = ParseUpid(text);
    if (upid.node.empty() || upid.type.empty()) Finding("ParseUpid accepted a UPID without node or type");
  } catch (const std::invalid_argument&) {
  } catch (...) {
    Finding("ParseUpid threw " + fuzz::CurrentException());
  }
}

// A size is a decimal number (digits, a point, an exponent: the grammar of amounts) of bytes or
// K/M/G/T, not negative (-0 is 0), below 2^63 bytes: never inf, nan, hex, spaces, a '+' or two
// numbers, and ParseSize gives exactly that number of bytes. The sizes PVE writes
// (\d+(\.\d+)?[KMGT]?, here up to 15 digits and a fraction of up to 6) are all read.
void CheckParseSize(const std::string& text) {
  auto size = ParseSize(text);
  std::string number = text;
  double unit = 1;
  if (!number.empty()) {
    if (auto at = std::string("KMGT").find(number.back()); at != std::string::npos) {
      unit = std::ldexp(1.0, 10 * static_cast<int>(at + 1));
      number.pop_back();
    }
  }
  bool digits = number.find_first_of("0123456789") != std::string::npos;
  if (!size) {
    size_t dot = number.find('.');
    size_t whole = dot == std::string::npos ? number.size() : dot;
    size_t fraction = dot == std::string::npos ? 0 : number.size() - dot - 1;
    bool pve = number.find_first_not_of("0123456789.") == std::string::npos && dot == number.rfind('.') &&
               whole >= 1 && whole <= 15 && (dot == std::string::npos || (fraction >= 1 && fraction <= 6));
    if (pve && std::strtod(number.c_str(), nullptr) * unit < 9.0e18) {
      Finding("ParseSize(\"" + text + "\") refused a size PVE writes");
    }
    return;
  }
  std::string shown = "ParseSize(\"" + text + "\") = " + std::to_string(*size);
  if (!digits || number.find_first_not_of("0123456789.eE+-") != std::string::npos || number.front() == '+' ||
      number.find_first_of("xX") != std::string::npos) {
    Finding(shown + ": that is no decimal number of bytes");
  }
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end) * unit;
  if (end != number.c_str() + number.size()) Finding(shown + ": that is not one number");
  if (!std::isfinite(value) || value < 0 || value >= 9.2e18) Finding(shown + ": no disk has that size");
  if (*size != static_cast<std::uint64_t>(std::llround(value))) Finding(shown + ": another number than it says");
}

void CheckPureParsers(const std::string& text) {
  CheckParseUpid(text);
  try {
    for (const char* bare : {"", "file", "current", "legacy"}) {
      auto parsed = PropertyString::Parse(text, bare);
      parsed.Set("size", "32G");
      parsed.Erase("iothread");
      PropertyString::Parse(parsed.Format(), bare).Get(bare);
    }
    auto net = NetDevice::Parse(text);
    NetDevice::Parse(net.Format());
    CheckParseSize(text);
    auto progress = LatestProgress({text});
    if (progress && (*progress < 0 || *progress > 100)) Finding("LatestProgress returned " + std::to_string(*progress));
    LockNamedIn(text);
    IsSafeNotesTemplate(text);
    StorageOf(text);
  } catch (...) {
    Finding("a property-string or size parser threw " + fuzz::CurrentException());
  }
}

// Listings are read row by row from the text (proxmox/row_stream.h): the rows must be those of
// the whole answer read as one tree, which is what every other answer goes through (DataOf).
void CheckRowStream(const std::string& body) {
  std::vector<nlohmann::json> rows;
  bool refused = false;
  try {
    ForEachDataRow(body, [&](const nlohmann::json& row) { rows.push_back(row); });
  } catch (const UnexpectedAnswer&) {
    refused = true;
  } catch (...) {
    Finding("ForEachDataRow threw " + fuzz::CurrentException());
  }
  int data_keys = 0;  // a repeated "data" is read twice by the stream and once (the last) by the tree
  nlohmann::json tree = nlohmann::json::parse(
      body, [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        if (depth == 1 && event == nlohmann::json::parse_event_t::key && parsed == "data") ++data_keys;
        return true;
      },
      false);
  if (tree.is_discarded()) {
    if (!refused) Finding("ForEachDataRow read rows from text that is not JSON");
    return;
  }
  if (!tree.is_object()) {
    // PVE's answers are objects ({"data": …}); DataOf calls anything else unreadable.
    if (!refused) Finding("ForEachDataRow read a JSON " + std::string(tree.type_name()) + " as a listing");
    return;
  }
  if (data_keys > 1) return;
  auto data = tree.value("data", nlohmann::json());
  if (data.is_null() || data.is_array()) {
    if (refused) Finding("ForEachDataRow refused a listing the tree reads");
    auto expected = data.is_null() ? std::vector<nlohmann::json>{} : data.get<std::vector<nlohmann::json>>();
    if (rows != expected) Finding("ForEachDataRow read other rows than the tree has");
  } else if (!refused) {
    Finding("ForEachDataRow read a listing from a data that is " + std::string(data.type_name()));
  }
}

using Client = void (*)(Api&, const Script&);

struct Function {
  const char* name;
  Client run;
};

const PollingPolicy kQuickPolls{std::chrono::milliseconds(1), std::chrono::milliseconds(2), 2.0,
                                std::chrono::milliseconds(8)};

const Function kFunctions[] = {
    {"DataOf", [](Api&, const Script& s) { DataOf(s.answers.empty() ? http::Response{} : s.answers.front()); }},
    {"ListGuests", [](Api& api, const Script&) { ListGuests(api); }},
    {"FindGuest", [](Api& api, const Script&) { FindGuest(api, 100); }},
    {"ListNodes", [](Api& api, const Script&) { ListNodes(api); }},
    {"NextFreeVmid",
     [](Api& api, const Script&) {
       int vmid = NextFreeVmid(api);
       if (vmid < 100 || vmid > 999'999'999) Finding("NextFreeVmid returned " + std::to_string(vmid));
     }},
    {"Version", [](Api& api, const Script&) { Version(api); }},
    {"GetNodeTime", [](Api& api, const Script&) { GetNodeTime(api, "pve1"); }},
    {"PrivilegesOn", [](Api& api, const Script&) { PrivilegesOn(api, "/"); }},
    {"PollTask", [](Api& api, const Script&) { PollTask(api, kUpid); }},
    {"FindTasks",
     [](Api& api, const Script&) {
       auto rows = FindTasks(api, "pve1", "vzdump", 100, 1777595400);
       if (!std::is_sorted(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.starttime > b.starttime; })) {
         Finding("FindTasks is not newest first");
       }
     }},
    {"ReadTaskLog",
     [](Api& api, const Script&) {
       auto page = ReadTaskLog(api, kUpid, 3, 50);
       if (page.next != 3 + static_cast<long long>(page.lines.size())) Finding("ReadTaskLog miscounted the lines");
       auto progress = LatestProgress(page.lines);
       if (progress && (*progress < 0 || *progress > 100)) {
         Finding("LatestProgress returned " + std::to_string(*progress));
       }
     }},
    {"BackupsList", [](Api& api, const Script&) { Backups(api).List("pve1", "backup-nfs", 100); }},
    {"BackupsDeleteAsync", [](Api& api, const Script&) { Backups(api).DeleteAsync("pve1", kVolid); }},
    {"VmConfig", [](Api& api, const Script&) { Vm(api, "pve1", 100).Config(); }},
    {"VmPending", [](Api& api, const Script&) { Vm(api, "pve1", 100).Pending(); }},
    // Beyond the brief's list: the other answers the module's commands read.
    {"VmRunning", [](Api& api, const Script&) { Vm(api, "pve1", 100).Running(); }},
    {"BackupsStart",
     [](Api& api, const Script&) { Backups(api).Start({.node = "pve1", .vmid = 100, .storage = "backup-nfs"}); }},
    {"BackupsRestoreAsync", [](Api& api, const Script&) { Backups(api).RestoreAsync("pve1", 100, kVolid); }},
    {"VmCloneAsync",
     [](Api& api, const Script&) { Vm(api, "pve1", 9000).CloneAsync({.newid = 100, .name = "c1001"}); }},
    {"VmStart", [](Api& api, const Script&) { Vm(api, "pve1", 100, kQuickPolls).Start(); }},
    {"WaitForTask", [](Api& api, const Script&) { WaitForTask(api, kUpid, kQuickPolls); }},
    {"WaitUntilUnlocked",
     [](Api& api, const Script&) { Vm(api, "pve1", 100, kQuickPolls).WaitUntilUnlocked({"clone"}); }},
    // The pure parsers, on the first answer's body.
    {"ParseUpid", [](Api&, const Script& s) { CheckParseUpid(s.text); }},
    {"ForEachDataRow", [](Api&, const Script& s) { CheckRowStream(s.text); }},
    {"ListGuestsKept", [](Api& api, const Script&) { ListGuests(api, [](int vmid) { return vmid % 2 == 0; }); }},
    {"Parsers", [](Api&, const Script& s) { CheckPureParsers(s.text); }},
};

const Function& Pick(const std::string& name) {
  for (const auto& function : kFunctions) {
    if (name == function.name) return function;
  }
  unsigned sum = 0;
  for (unsigned char c : name) sum = sum * 31 + c;
  return kFunctions[sum % std::size(kFunctions)];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Script script = Read(fuzz::AsText(data, size));
  const Function& function = Pick(script.function);
  test::ScriptedHttp http;
  for (const auto& answer : script.answers) http.Expect("", answer);
  std::unique_ptr<Auth> auth;
  if (script.ticket) {
    auth = std::make_unique<TicketAuth>(http, kBase, "billing@pve", "billing-secret", [] {
      return std::chrono::system_clock::time_point(std::chrono::hours(490'000));
    });
  } else {
    auth = std::make_unique<TokenAuth>("billing@pve!bm", "5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90");
  }
  Api api(http, kBase, std::move(auth), [](std::chrono::milliseconds) {});
  api.SetTracer([](const std::string&) {});
  OnlyDocumented(function.name, [&] { function.run(api, script); });
  return 0;
}
