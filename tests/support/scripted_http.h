// An HttpClient that answers from a script and records what it was sent.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "http/http_client.h"

namespace pm::test {

class ScriptedHttp : public http::HttpClient {
 public:
  using Answer = std::function<http::Response(const http::Request&)>;

  // Answers the next request whose "METHOD url" contains `needle`; each rule fires once.
  void Expect(std::string needle, http::Response response) {
    rules.push_back({std::move(needle), [response](const http::Request&) { return response; }});
  }
  void Expect(std::string needle, Answer answer) { rules.push_back({std::move(needle), std::move(answer)}); }

  http::Response Send(const http::Request& request) override {
    sent.push_back(request);
    std::string line = request.method + " " + request.url;
    for (auto it = rules.begin(); it != rules.end(); ++it) {
      if (line.find(it->first) != std::string::npos) {
        Answer answer = it->second;
        rules.erase(it);
        return answer(request);
      }
    }
    return {501, "Not Implemented", R"({"data":null,"message":"no scripted answer for )" + line + "\"}"};
  }

  static http::Response Ok(const std::string& data_json) { return {200, "OK", R"({"data":)" + data_json + "}"}; }
  static http::Response Fail(long status, const std::string& message) {
    return {status, message, R"({"data":null,"message":")" + message + R"(\n"})"};
  }

  std::deque<std::pair<std::string, Answer>> rules;
  std::vector<http::Request> sent;
};

}  // namespace pm::test
