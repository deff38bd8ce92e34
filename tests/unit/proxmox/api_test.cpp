#include "proxmox/api.h"

#include <gtest/gtest.h>

#include "proxmox/errors.h"
#include "scripted_http.h"

using namespace pm::proxmox;
using pm::test::ScriptedHttp;

namespace {

const std::string kBase = "https://pve1:8006/api2/json";

struct Recorder {
  std::vector<std::chrono::milliseconds> sleeps;
  Sleeper sleeper() {
    return [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
  }
};

}  // namespace

TEST(ApiBase, NormalisesTheConnectionUrl) {
  EXPECT_EQ(ApiBase("https://pve1.example.net:8006"), "https://pve1.example.net:8006/api2/json");
  EXPECT_EQ(ApiBase("https://pve1.example.net/"), "https://pve1.example.net:8006/api2/json");
  EXPECT_EQ(ApiBase("https://10.0.0.1:443/api2/json/"), "https://10.0.0.1:443/api2/json");
  EXPECT_THROW(ApiBase("http://pve1:8006"), std::invalid_argument);
  EXPECT_THROW(ApiBase("pve1:8006"), std::invalid_argument);
  EXPECT_THROW(ApiBase("https://pve1:99999"), std::invalid_argument);
}

TEST(DataOf, SurfacesPveMessagesAndParameterErrors) {
  try {
    DataOf({400, "Parameter verification failed.",
            R"({"data":null,"message":"Parameter verification failed.\n","errors":{"memory":"value must be at least 16"}})"});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
    EXPECT_STREQ(e.what(), "Parameter verification failed.; memory: value must be at least 16");
  }
  // Older PVE: no JSON message, the text is only in the reason phrase.
  try {
    DataOf({500, "VM is locked (backup)", R"({"data":null})"});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Locked);
    EXPECT_EQ(e.lock(), "backup");
  }
}

TEST(Api, TokenAuthSignsEveryRequestAndFormEncodesWrites) {
  ScriptedHttp http;
  http.Expect("POST " + kBase + "/nodes/pve1/qemu/100/config", ScriptedHttp::Ok(R"("UPID:pve1:1:2:3:qmconfig:100:u:")"));
  Api api(http, kBase, std::make_unique<TokenAuth>("billing@pve!bm", "s3cr3t"));
  api.Post("/nodes/pve1/qemu/100/config", {{"sshkeys", "ssh-ed25519 AAAA+/= me"}});
  ASSERT_EQ(http.sent.size(), 1u);
  EXPECT_EQ(http.sent[0].headers.at("Authorization"), "PVEAPIToken=billing@pve!bm=s3cr3t");
  EXPECT_EQ(http.sent[0].body, "sshkeys=ssh-ed25519%20AAAA%2B%2F%3D%20me");
  EXPECT_EQ(http.sent[0].headers.count("CSRFPreventionToken"), 0u);
}

TEST(Api, DeleteParametersGoInTheQueryString) {
  ScriptedHttp http;
  http.Expect("DELETE " + kBase + "/nodes/pve1/qemu/100?purge=1", ScriptedHttp::Ok(R"("UPID:pve1:1:2:3:qmdestroy:100:u:")"));
  Api api(http, kBase, std::make_unique<TokenAuth>("a@pve!b", "c"));
  api.Delete("/nodes/pve1/qemu/100", {{"purge", "1"}});
  EXPECT_TRUE(http.sent[0].body.empty());
}

TEST(Api, TicketLoginCsrfOnWritesAndReloginAfter401) {
  ScriptedHttp http;
  auto ticket = [](const std::string& t) {
    return ScriptedHttp::Ok(R"({"ticket":")" + t + R"(","CSRFPreventionToken":"csrf-)" + t + R"(","username":"billing@pve"})");
  };
  http.Expect("POST " + kBase + "/access/ticket", ticket("T1"));
  http.Expect("GET " + kBase + "/version", ScriptedHttp::Ok(R"({"version":"9.1.1"})"));
  http.Expect("POST " + kBase + "/nodes/pve1/qemu/100/status/start", ScriptedHttp::Fail(401, "No ticket"));
  http.Expect("POST " + kBase + "/access/ticket", ticket("T2"));
  http.Expect("POST " + kBase + "/nodes/pve1/qemu/100/status/start", ScriptedHttp::Ok(R"("UPID:pve1:1:2:3:qmstart:100:u:")"));
  Api api(http, kBase, std::make_unique<TicketAuth>(http, kBase, "billing@pve", "pw"));
  EXPECT_EQ(api.Get("/version")["version"], "9.1.1");
  api.Post("/nodes/pve1/qemu/100/status/start");
  ASSERT_EQ(http.sent.size(), 5u);
  EXPECT_EQ(http.sent[0].body, "username=billing%40pve&password=pw");
  EXPECT_EQ(http.sent[1].headers.at("Cookie"), "PVEAuthCookie=T1");
  EXPECT_EQ(http.sent[1].headers.count("CSRFPreventionToken"), 0u);
  EXPECT_EQ(http.sent[2].headers.at("CSRFPreventionToken"), "csrf-T1");
  EXPECT_EQ(http.sent[4].headers.at("CSRFPreventionToken"), "csrf-T2");
}

TEST(Api, WrongPasswordIsAnAuthError) {
  ScriptedHttp http;
  http.Expect("/access/ticket", ScriptedHttp::Fail(401, "authentication failure"));
  Api api(http, kBase, std::make_unique<TicketAuth>(http, kBase, "billing@pve", "wrong"));
  try {
    api.Get("/version");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
  }
}

TEST(Api, TicketIsRenewedWithItselfAfterAnHour) {
  ScriptedHttp http;
  auto now = std::chrono::system_clock::now();
  auto clock = [&now] { return now; };
  http.Expect("/access/ticket", ScriptedHttp::Ok(R"({"ticket":"T1","CSRFPreventionToken":"c1"})"));
  http.Expect("/version", ScriptedHttp::Ok("{}"));
  http.Expect("/access/ticket", ScriptedHttp::Ok(R"({"ticket":"T2","CSRFPreventionToken":"c2"})"));
  http.Expect("/version", ScriptedHttp::Ok("{}"));
  Api api(http, kBase, std::make_unique<TicketAuth>(http, kBase, "billing@pve", "pw", clock));
  api.Get("/version");
  now += std::chrono::minutes(61);
  api.Get("/version");
  ASSERT_EQ(http.sent.size(), 4u);
  EXPECT_EQ(http.sent[2].body, "username=billing%40pve&password=T1");
  EXPECT_EQ(http.sent[3].headers.at("Cookie"), "PVEAuthCookie=T2");
}

TEST(Api, FileLockTimeoutsAreRetriedBoundedly) {
  ScriptedHttp http;
  std::string busy = "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout";
  for (int i = 0; i < 10; ++i) http.Expect("/config", ScriptedHttp::Fail(500, busy));
  Recorder recorder;
  Api api(http, kBase, std::make_unique<TokenAuth>("a@pve!b", "c"), recorder.sleeper());
  try {
    api.Put("/nodes/pve1/qemu/100/config", {{"onboot", "0"}});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::FileLockTimeout);
  }
  EXPECT_EQ(http.sent.size(), 4u);
  EXPECT_EQ(recorder.sleeps.size(), 3u);
}

TEST(Api, ConfigLockIsNotRetried) {
  ScriptedHttp http;
  http.Expect("/config", ScriptedHttp::Fail(500, "VM is locked (backup)"));
  Api api(http, kBase, std::make_unique<TokenAuth>("a@pve!b", "c"), [](auto) {});
  EXPECT_THROW(api.Post("/nodes/pve1/qemu/100/config", {{"cores", "2"}}), ApiError);
  EXPECT_EQ(http.sent.size(), 1u);
}
