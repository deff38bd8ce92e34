// Request handling in front of the functions: the path, the request log, latency and request
// faults, authentication, the function table, and the answer in the format `out` asks for.
#include "simcommon/request_faults.h"
#include "vm5sim/api.h"

namespace vm5sim {

namespace {

using simcommon::HttpRequest;
using simcommon::HttpResponse;

// Without `out` the panel answers its web interface; a client must not take it for data.
constexpr const char* kInterfacePage =
    "<!DOCTYPE html>\n<html><head><title>VMmanager</title></head>"
    "<body><div id=\"main\">VMmanager</div></body></html>\n";

const FunctionTable& Functions() {
  static const FunctionTable kTable = [] {
    FunctionTable table;
    AddUserFunctions(table);
    AddVmFormFunctions(table);
    AddVmActionFunctions(table);
    AddIpFunctions(table);
    AddCatalogueFunctions(table);
    return table;
  }();
  return kTable;
}

HttpResponse Page(int status, const std::string& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/html; charset=UTF-8";
  response.body = body;
  return response;
}

HttpResponse StatusPage(int status) {
  std::string line = std::to_string(status) + " " + simcommon::DefaultReason(status);
  return Page(status, "<html><head><title>" + line + "</title></head><body><h1>" + line +
                          "</h1></body></html>\n");
}

HttpResponse Render(const Element& doc, const std::string& out) {
  HttpResponse response;
  if (out == "xml") {
    response.content_type = "text/xml; charset=UTF-8";
    response.body = RenderXml(doc);
  } else if (out == "json") {
    response.content_type = "application/json; charset=UTF-8";
    response.body = RenderJson(doc).dump();
  } else {
    return Page(200, kInterfacePage);
  }
  return response;
}

Element Execute(Core& core, const Params& params) {
  std::string func = params.Get("func");
  if (func == "auth") return Login(core, params);
  User& caller = Authenticate(core, params);
  auto it = Functions().find(func);
  if (it == Functions().end()) {
    throw MgrError(type::kMissing, func.empty() ? "func" : func, "Unknown function '" + func + "'");
  }
  Call call{core, params, caller, Element{"doc", std::nullopt, {}, {}}};
  if (it->second.admin_only) call.RequireAdmin();
  it->second.run(call);
  return std::move(call.doc);
}

Element Answer(Core& core, const Params& params) {
  try {
    return Execute(core, params);
  } catch (const MgrError& error) {
    return error.Document();
  } catch (const std::exception& error) {  // a bug in a function: answer, do not crash
    return MgrError("sim", "", std::string("Internal simulator error: ") + error.what()).Document();
  }
}

}  // namespace

void Call::RequireAdmin() const {
  if (!IsAdmin()) throw AccessError();
}

Vm& Call::VisibleVm(const std::string& id_text) {
  Vm* vm = simcommon::FindById(world().vms, PositiveNumber(id_text));
  if (!vm) throw MgrError(type::kMissing, "vm", "VM '" + id_text + "' not found");
  if (!IsAdmin() && vm->user != caller.id) throw AccessError();
  return *vm;
}

void Call::RequireIdle(const Vm& vm) {
  if (vm.installing)
    throw MgrError(type::kBusy, "vm", "VM " + vm.name + " is installing its operating system");
}

HttpResponse HandleApiRequest(Core& core, const HttpRequest& request) {
  if (request.path != "/vmmgr") return StatusPage(404);
  if (request.method != "GET" && request.method != "POST") return StatusPage(405);
  Params params = Params::FromRequest(request);
  std::string out = params.Get("out");
  std::unique_lock<std::mutex> lock(core.mutex);
  // Never a parameter value but the element: no password, session or authinfo is logged.
  core.requests.push_back(
      {{"method", request.method}, {"func", params.Get("func")}, {"elid", params.Get("elid")}});
  if (core.latency_ms > 0) core.SleepUnlocked(lock, std::chrono::milliseconds(core.latency_ms));
  // Faults answer in place of the request: an error document in the format asked for, or a
  // status page.
  auto answer = [&](const nlohmann::json& rule) {
    if (rule["action"] == "status")
      return StatusPage(static_cast<int>(*simcommon::RuleInt(rule, "status")));
    std::string msg = simcommon::RuleString(rule, "msg");
    return Render(
        MgrError(simcommon::RuleString(rule, "type"), simcommon::RuleString(rule, "object"),
                 msg.empty() ? "Simulated failure" : msg)
            .Document(),
        out);
  };
  bool drop_after = false;
  auto faults = core.faults.TakeForRequest(request.method, params.Get("func"));
  if (auto faulted = simcommon::ApplyRequestFaults(core, lock, faults, answer, drop_after))
    return *faulted;
  core.Progress();
  HttpResponse response = Render(Answer(core, params), out);
  response.drop = drop_after;
  return response;
}

}  // namespace vm5sim
