#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "http/form.h"
#include "simtest/https_client.h"
#include "simtest/server_test.h"
#include "vm5sim/server.h"

namespace vm5sim::testing {

using Form = pm::http::FormFields;
using Row = std::map<std::string, std::string>;

struct Response : simtest::HttpAnswer {
  std::string content_type;
  std::shared_ptr<pugi::xml_document> xml;  // parsed when the answer is XML

  pugi::xml_node doc() const { return xml ? xml->child("doc") : pugi::xml_node(); }
  bool IsError() const { return bool(doc().child("error")); }
  std::string ErrorType() const { return doc().child("error").attribute("type").value(); }
  std::string ErrorObject() const { return doc().child("error").attribute("object").value(); }
  bool Ok() const { return bool(doc().child("ok")); }
  // A child of <doc>: its text; nullopt when absent.
  std::optional<std::string> Field(const std::string& name) const;
  // The <elem> rows, one entry per column (an empty flag column maps to "").
  std::vector<Row> Rows() const;
};

// An HTTPS client of /vmmgr that verifies the simulator's certificate with its CA. Requests are
// form POSTs (or GETs) with `out=xml` unless `out` is given, and the session (`auth`) once
// logged in.
class Client {
 public:
  Client(int port, const std::string& ca_file);

  // func=auth; keeps the session when the answer carries one.
  Response Login(const std::string& username, const std::string& password);
  void UseSession(const std::string& session) { session_ = session; }
  const std::string& session() const { return session_; }

  Response Post(const std::string& func, Form fields = {});
  Response Get(const std::string& func, Form fields = {});
  // Any request, exactly as given (no out, no session added).
  Response Send(const std::string& method, const std::string& target, const std::string& body,
                const std::string& content_type = "application/x-www-form-urlencoded");

 private:
  Form Complete(const std::string& func, Form fields) const;

  std::unique_ptr<httplib::SSLClient> client_;
  std::string session_;
};

using pm::http::EncodeForm;

// A fresh simulator per test at time scale 1 (tests move time with AdvanceClock, so installs
// and power actions end deterministically), plus a client logged in as the administrator.
class SimTest : public simtest::ServerTest<Server> {
 protected:
  SimTest() : ServerTest("vm5sim", 1.0) {}
  void Started() override;

  Client NewClient() const;
  Client As(const std::string& name, const std::string& password);  // logged in

  // vm.edit create with a valid form (vm1, owner 2, Debian 12, 1024 MiB, 1 CPU, 10240 MiB disk,
  // cputune 1000) with `overrides` applied (an empty value removes the field).
  static Form VmForm(const Form& overrides = {});
  Response CreateVm(const Form& overrides = {});
  // Creates a VM and lets its install finish; returns its id.
  int ReadyVm(const Form& overrides = {});
  // The administrator's `vm` row of a VM; nullopt when not listed.
  std::optional<Row> VmRow(int id);

  std::unique_ptr<Client> admin_;
};

std::string ScratchDir();

}  // namespace vm5sim::testing
