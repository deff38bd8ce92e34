#include "vmmanager5/api.h"

#include <regex>
#include <stdexcept>
#include <thread>

#include "common/numbers.h"
#include "vmmanager5/errors.h"

namespace pm::vmmanager5 {

void RealSleep(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

std::string PanelUrl(const std::string& url) {
  static const std::regex shape(R"(^\s*https://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:([0-9]{1,5}))?/vmmgr/?\s*$)");
  std::smatch match;
  if (!std::regex_match(url, match, shape)) {
    throw std::invalid_argument("expected https://vm5.example.net:1500/vmmgr, got '" + url + "'");
  }
  if (match[3].matched && !common::ParseWhole(match[3].str(), 1, 65535)) {
    throw std::invalid_argument("port out of range in '" + url + "'");
  }
  return "https://" + match[1].str() + (match[3].matched ? ":" + match[3].str() : "") + "/vmmgr";
}

Api::Api(http::HttpClient& http, std::string url, Credentials credentials, http::SessionCache& sessions, Sleeper sleeper)
    : http_(http), url_(std::move(url)), credentials_(std::move(credentials)), sessions_(sessions),
      sleeper_(std::move(sleeper)) {}

Answer Api::Read(const std::string& func, const http::FormFields& fields) { return Request(func, fields, false); }

Answer Api::Submit(const std::string& func, const http::FormFields& fields) {
  http::FormFields submitted = fields;
  submitted.emplace_back("sok", "ok");
  return Request(func, submitted, true);
}

Answer Api::Act(const std::string& func, const std::string& elid) { return Request(func, {{"elid", elid}}, true); }

int Api::SignIn() {
  session_.reset();
  // A refused login is an error document of type auth (Answer::Parse throws it).
  Answer answer = Answer::Parse(Send("auth", {{"username", credentials_.username}, {"password", credentials_.password}},
                                     false)
                                    .body);
  auto session = answer.Attribute("auth", "id");
  auto level = common::ParseWhole(answer.Attribute("auth", "level").value_or(""), 0, 31);
  if (!session || session->empty() || !level) throw UnexpectedAnswer("VMmanager's login answer carries no session");
  session_ = *session;
  sessions_.Save(*session_);
  return static_cast<int>(*level);
}

Answer Api::Request(const std::string& func, const http::FormFields& fields, bool write) {
  if (!session_) session_ = sessions_.Load();
  bool fresh = false;
  if (!session_) {
    SignIn();
    fresh = true;
  }
  try {
    return Answer::Parse(Send(func, fields, write).body);
  } catch (const ApiError& error) {
    // A refused session did nothing, so the request may be sent again once signed in anew.
    if (error.kind() != ErrorKind::Auth || fresh) throw;
  }
  SignIn();
  return Answer::Parse(Send(func, fields, write).body);
}

http::Response Api::Send(const std::string& func, const http::FormFields& fields, bool write) {
  http::FormFields form = {{"func", func}, {"out", "xml"}};
  if (session_) form.emplace_back("auth", *session_);
  form.insert(form.end(), fields.begin(), fields.end());
  http::Request request{"POST", url_, {{"Content-Type", "application/x-www-form-urlencoded"}}, http::EncodeForm(form)};
  ++requests_;
  http::Response response;
  try {
    response = http_.Send(request);
  } catch (const http::TransportError& error) {
    if (!write || !http::MayHaveArrived(error)) throw;
    throw LostAnswer(func, error.what());
  }
  // A proxy that lost VMmanager's answer (502, 504) cannot say whether the write was done.
  if (write && (response.status == 502 || response.status == 504)) {
    throw LostAnswer(func, "HTTP " + std::to_string(response.status) + " from the way to VMmanager");
  }
  if (response.status != 200) {
    throw UnexpectedAnswer("VMmanager answered " + func + " with HTTP " + std::to_string(response.status) +
                           (response.reason.empty() ? "" : " " + response.reason));
  }
  return response;
}

}  // namespace pm::vmmanager5
