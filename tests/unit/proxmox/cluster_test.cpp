#include "proxmox/cluster.h"

#include <gtest/gtest.h>

#include "proxmox/errors.h"
#include "scripted_http.h"

using namespace pm::proxmox;
using pm::test::ScriptedHttp;

namespace {

const std::string kBase = "https://pve1:8006/api2/json";

}  // namespace

TEST(GetNodeTime, ReadsUtcLocalTimeAndZone) {
  ScriptedHttp http;
  http.Expect("GET " + kBase + "/nodes/pve2/time",
              ScriptedHttp::Ok(R"({"time":1777602600,"localtime":1777613400,"timezone":"Europe/Moscow"})"));
  http.Expect("GET " + kBase + "/nodes/pve1/time", ScriptedHttp::Fail(595, "Connection refused"));
  Api api(http, kBase, std::make_unique<TokenAuth>("billing@pve!bm", "s"), [](auto) {});
  NodeTime time = GetNodeTime(api, "pve2");
  EXPECT_EQ(time.time, 1777602600);
  EXPECT_EQ(time.localtime, 1777613400);
  EXPECT_EQ(time.timezone, "Europe/Moscow");
  try {
    GetNodeTime(api, "pve1");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Transient);
  }
}
