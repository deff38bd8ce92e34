#include "http/curl_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <vector>

#include "test_certs.h"
#include "test_servers.h"

namespace pm::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;
using Kind = TransportError::Kind;
using test_support::HangsUpOnReusedConnection;
using test_support::HttpsServer;
using test_support::KeyAndCert;
using test_support::RefusingPort;
using test_support::ScriptedServer;
using test_support::StalledServer;

// The byte-scripted servers below speak plain HTTP; the module's transports never do.
constexpr Schemes kPlainToo = Schemes::HttpAndHttps;

// Generous enough for a loaded CI machine, short enough that a hang fails fast.
const Timeouts kPatient{2000ms, 3000ms};
const Timeouts kImpatient{200ms, 200ms};

struct Certs {
  KeyAndCert ca = test_support::MakeCa("Test Cluster CA");
  KeyAndCert leaf = test_support::MakeLeaf(ca, "localhost", "DNS:localhost,IP:127.0.0.1");
  KeyAndCert misnamed_leaf = test_support::MakeLeaf(ca, "pve1", "DNS:pve1.invalid");
  KeyAndCert self_signed = test_support::MakeSelfSigned("pve1", "DNS:pve1.invalid");
};

// Generated once: even EC keys add up over a dozen tests.
const Certs& TestCerts() {
  static const Certs certs;
  return certs;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string WithoutColons(std::string text) {
  std::erase(text, ':');
  return text;
}

Request Get(const std::string& url) { return Request{"GET", url, {}, {}}; }

// Sends, expecting a TransportError; returns it so the test can look at kind and text.
TransportError Failure(CurlHttpClient& client, const Request& request) {
  try {
    Response response = client.Send(request);
    ADD_FAILURE() << "no TransportError but status " << response.status;
  } catch (const TransportError& error) {
    return error;
  }
  return TransportError(Kind::Other, "");
}

// --- fingerprint syntax ---

TEST(CurlFingerprintTest, AcceptsProxmoxFormLowerCaseAndBareHex) {
  const std::string shown = TestCerts().leaf.Fingerprint();
  Sha256 digest = ParseFingerprint(shown);
  EXPECT_EQ(FormatFingerprint(digest), shown);
  EXPECT_EQ(ParseFingerprint(Lower(shown)), digest);
  EXPECT_EQ(ParseFingerprint(WithoutColons(shown)), digest);
  EXPECT_EQ(ParseFingerprint(Lower(WithoutColons(shown))), digest);
  EXPECT_EQ(ParseFingerprint("  " + shown + "\n"), digest);  // as pasted from a terminal
}

TEST(CurlFingerprintTest, RejectsMalformedPinsWithAClearMessage) {
  const std::string good = TestCerts().leaf.Fingerprint();
  const std::string bare = WithoutColons(good);
  const std::vector<std::string> malformed = {
      "AB:CD",                              // too short
      bare.substr(1),                       // 63 digits
      bare + "0",                           // 65 digits
      "ZZ" + bare.substr(2),                // not hex
      good + ":",                           // trailing colon
      good.substr(0, 2) + good.substr(3),   // one colon missing
      "A:B" + good.substr(3),               // colon in the wrong place
      good.substr(0, good.size() - 3) + ":G0",
  };
  for (const std::string& pin : malformed) {
    try {
      ParseFingerprint(pin);
      ADD_FAILURE() << "accepted " << pin;
    } catch (const std::invalid_argument& error) {
      EXPECT_THAT(error.what(), HasSubstr("malformed TLS fingerprint")) << pin;
      EXPECT_THAT(error.what(), HasSubstr("AB:CD:")) << "should show the expected form";
    }
  }
}

TEST(CurlFingerprintTest, ClientRejectsMalformedPinBeforeConnecting) {
  EXPECT_THROW(CurlHttpClient(TlsTrust{"", "AB:CD:EF"}, kPatient), std::invalid_argument);
}

TEST(CurlTrustSettingsTest, ClientRejectsACaThatIsNotPem) {
  try {
    CurlHttpClient client(TlsTrust{"MIIB...base64 without armour", ""}, kPatient);
    FAIL() << "accepted a CA that is not PEM";
  } catch (const std::invalid_argument& error) {
    EXPECT_THAT(error.what(), HasSubstr("not a PEM certificate"));
  }
}

// --- TLS trust ---

TEST(CurlTlsTest, UntrustedSelfSignedCertificateIsTlsError) {
  HttpsServer server(TestCerts().self_signed);
  CurlHttpClient client(TlsTrust{}, kPatient);
  TransportError error = Failure(client, Get(server.Url("/hello")));
  EXPECT_EQ(error.kind(), Kind::Tls);
  EXPECT_THAT(error.what(), HasSubstr("certificate")) << error.what();
}

TEST(CurlTlsTest, CaPemTrustsCertificatesItSigned) {
  HttpsServer server(TestCerts().leaf);
  CurlHttpClient client(TlsTrust{TestCerts().ca.Pem(), ""}, kPatient);
  Response response = client.Send(Get(server.Url("/hello")));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.reason, "OK");
  EXPECT_EQ(response.body, "hello");
}

TEST(CurlTlsTest, CaPemStillChecksTheHostName) {
  HttpsServer server(TestCerts().misnamed_leaf);
  CurlHttpClient client(TlsTrust{TestCerts().ca.Pem(), ""}, kPatient);
  EXPECT_EQ(Failure(client, Get(server.Url("/hello"))).kind(), Kind::Tls);
}

TEST(CurlTlsTest, CaPemDoesNotTrustUnrelatedCertificates) {
  HttpsServer server(TestCerts().self_signed);
  CurlHttpClient client(TlsTrust{TestCerts().ca.Pem(), ""}, kPatient);
  EXPECT_EQ(Failure(client, Get(server.Url("/hello"))).kind(), Kind::Tls);
}

TEST(CurlTlsTest, PinTrustsThatCertificateDespiteChainAndHostName) {
  // Self-signed and issued for pve1.invalid while we connect to 127.0.0.1.
  HttpsServer server(TestCerts().self_signed);
  CurlHttpClient client(TlsTrust{"", TestCerts().self_signed.Fingerprint()}, kPatient);
  EXPECT_EQ(client.Send(Get(server.Url("/hello"))).body, "hello");
}

TEST(CurlTlsTest, PinInLowerCaseWithoutColonsWorks) {
  HttpsServer server(TestCerts().self_signed);
  CurlHttpClient client(TlsTrust{"", Lower(WithoutColons(TestCerts().self_signed.Fingerprint()))}, kPatient);
  EXPECT_EQ(client.Send(Get(server.Url("/hello"))).status, 200);
}

TEST(CurlTlsTest, WrongPinIsTlsErrorShowingTheServersFingerprint) {
  // The leaf would pass the CA check; the pin alone decides.
  HttpsServer server(TestCerts().leaf);
  CurlHttpClient client(TlsTrust{TestCerts().ca.Pem(), TestCerts().self_signed.Fingerprint()}, kPatient);
  TransportError error = Failure(client, Get(server.Url("/hello")));
  EXPECT_EQ(error.kind(), Kind::Tls);
  EXPECT_THAT(error.what(), HasSubstr("fingerprint did not match"));
  EXPECT_THAT(error.what(), HasSubstr(TestCerts().leaf.Fingerprint()));
}

TEST(CurlTlsTest, ReusedConnectionSendsEachMethodCleanly) {
  HttpsServer server(TestCerts().leaf);
  CurlHttpClient client(TlsTrust{"", TestCerts().leaf.Fingerprint()}, kPatient);
  const std::string url = server.Url("/echo");
  EXPECT_EQ(client.Send(Request{"GET", url, {{"X-Probe", "p1"}}, {}}).body, "GET  p1");
  EXPECT_EQ(client.Send(Request{"POST", url, {}, "a=1"}).body, "POST a=1 ");
  // Neither the POST body nor its method may leak into the next request on the same handle.
  EXPECT_EQ(client.Send(Request{"DELETE", url, {}, {}}).body, "DELETE  ");
  EXPECT_EQ(client.Send(Request{"PUT", url, {}, "b=2"}).body, "PUT b=2 ");
  EXPECT_EQ(client.Send(Request{"GET", url, {}, {}}).body, "GET  ");
}

// --- transport failures ---

TEST(CurlTransportTest, RefusedConnectionIsConnectError) {
  RefusingPort port;
  CurlHttpClient client(TlsTrust{}, kPatient);
  TransportError error = Failure(client, Get(port.Url()));
  EXPECT_EQ(error.kind(), Kind::Connect);
  EXPECT_THAT(error.what(), HasSubstr("127.0.0.1"));
}

TEST(CurlTransportTest, ServerThatNeverAnswersIsTimeout) {
  StalledServer server;
  CurlHttpClient client(TlsTrust{}, kImpatient, kPlainToo);
  for (const char* scheme : {"http", "https"}) {  // stalled response and stalled handshake
    auto started = std::chrono::steady_clock::now();
    TransportError error = Failure(client, Get(server.Url(scheme)));
    // curl words it "Operation timed out after …" or "SSL connection timeout".
    EXPECT_EQ(error.kind(), Kind::Timeout) << scheme << ": " << error.what();
    EXPECT_THAT(error.what(), HasSubstr("time")) << scheme;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 900ms);
  }
}

TEST(CurlTransportTest, ConnectionClosedWithoutAnswerIsDropped) {
  ScriptedServer server("");
  CurlHttpClient client(TlsTrust{}, kPatient, kPlainToo);
  EXPECT_EQ(Failure(client, Get(server.Url("/"))).kind(), Kind::Dropped);
}

TEST(CurlTransportTest, PlainHttpIsRefusedBeforeAnyConnection) {
  ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  CurlHttpClient client(TlsTrust{}, kPatient);
  TransportError error = Failure(client, Get(server.Url("/")));
  EXPECT_EQ(error.kind(), Kind::Other);
  EXPECT_EQ(server.Requests(), 0);
}

// libcurl resends a request, POST included, when a reused keep-alive connection closes without
// an answer. A write may have been done by then, so it must reach the server exactly once.
TEST(CurlTransportTest, AWriteWhoseAnswerIsLostIsNeverResent) {
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    HangsUpOnReusedConnection server;
    CurlHttpClient client(TlsTrust{}, kPatient, kPlainToo);
    ASSERT_EQ(client.Send(Get(server.Url("/version"))).status, 200);
    TransportError error = Failure(client, Request{method, server.Url("/status/start"), {}, "a=1"});
    EXPECT_EQ(error.kind(), Kind::Dropped) << method;
    EXPECT_EQ(server.Writes(), 1) << method << " was sent again";
  }
}

// --- responses ---

TEST(CurlResponseTest, ErrorStatusAndReasonPhraseAreAResponseNotAnError) {
  struct Case {
    long status;
    std::string reason;
  };
  for (const Case& expected : {Case{401, "authentication failure"}, Case{500, "unable to parse value of 'memory'"},
                               Case{596, "Connection timed out"}}) {
    std::string body = R"({"data":null})";
    ScriptedServer server("HTTP/1.1 " + std::to_string(expected.status) + " " + expected.reason +
                          "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                          body);
    CurlHttpClient client(TlsTrust{}, kPatient, kPlainToo);
    Response response = client.Send(Get(server.Url("/api2/json/version")));
    EXPECT_EQ(response.status, expected.status);
    EXPECT_EQ(response.reason, expected.reason);
    EXPECT_EQ(response.body, body);
  }
}

TEST(CurlResponseTest, TheServersDateIsItsClock) {
  ScriptedServer dated("HTTP/1.1 200 OK\r\ndate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  CurlHttpClient client(TlsTrust{}, kPatient, kPlainToo);
  EXPECT_EQ(client.Send(Get(dated.Url("/"))).date, 784111777);
  ScriptedServer undated("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(client.Send(Get(undated.Url("/"))).date, 0);
}

TEST(CurlResponseTest, StatusLineWithoutReasonGivesEmptyReason) {
  ScriptedServer server("HTTP/1.1 204\r\nConnection: close\r\n\r\n");
  CurlHttpClient client(TlsTrust{}, kPatient, kPlainToo);
  Response response = client.Send(Get(server.Url("/")));
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.reason, "");
}

// --- secrets ---

TEST(CurlTransportTest, ErrorMessagesNeverRepeatHeadersOrBody) {
  const Request secret_request{"POST", "", {
      {"Cookie", "PVEAuthCookie=PVE:root@pam:SECRET-TICKET"},
      {"Authorization", "PVEAPIToken=root@pam!panel=SECRET-TOKEN"},
      {"CSRFPreventionToken", "SECRET-CSRF"},
      {"Content-Type", "application/x-www-form-urlencoded"}}, "username=root&password=SECRET-PASSWORD"};
  HttpsServer untrusted(TestCerts().self_signed);
  StalledServer stalled;
  ScriptedServer hangs_up("");
  RefusingPort refusing;
  struct Case {
    std::string url;
    TlsTrust trust;
  };
  const std::vector<Case> cases = {
      {untrusted.Url("/"), {}},
      {untrusted.Url("/"), {"", TestCerts().leaf.Fingerprint()}},
      {stalled.Url("http"), {}},
      {hangs_up.Url("/"), {}},
      {refusing.Url(), {}},
  };
  for (const Case& failing : cases) {
    CurlHttpClient client(failing.trust, kImpatient, kPlainToo);
    Request request = secret_request;
    request.url = failing.url;
    TransportError error = Failure(client, request);
    EXPECT_THAT(error.what(), Not(HasSubstr("SECRET"))) << failing.url;
    EXPECT_STRNE(error.what(), "") << failing.url;
  }
}

}  // namespace
}  // namespace pm::http
