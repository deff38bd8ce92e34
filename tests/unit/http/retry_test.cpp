#include "http/retry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace pm::http {
namespace {

using ::testing::Return;
using ::testing::Throw;
using namespace std::chrono_literals;
using Kind = TransportError::Kind;

class MockHttpClient : public HttpClient {
 public:
  MOCK_METHOD(Response, Send, (const Request& request), (override));
};

Response Status(long status) { return Response{status, "", ""}; }
Request WithMethod(const std::string& method) { return Request{method, "https://pve:8006/api2/json/x", {}, {}}; }

class RetryingHttpClientTest : public ::testing::Test {
 protected:
  RetryingHttpClient Retrying(RetryPolicy policy) {
    return RetryingHttpClient(inner_, policy, [this](std::chrono::milliseconds pause) { sleeps_.push_back(pause); });
  }

  ::testing::StrictMock<MockHttpClient> inner_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

const RetryPolicy kFive{5, 100ms, 1000ms};

TEST_F(RetryingHttpClientTest, GetIsRetriedOn503WithGrowingPauses) {
  EXPECT_CALL(inner_, Send).WillOnce(Return(Status(503))).WillOnce(Return(Status(503))).WillOnce(Return(Status(200)));
  EXPECT_EQ(Retrying(kFive).Send(WithMethod("GET")).status, 200);
  EXPECT_EQ(sleeps_, (std::vector<std::chrono::milliseconds>{100ms, 200ms}));
}

TEST_F(RetryingHttpClientTest, PausesStopGrowingAtTheCapAndAttemptsAreBounded) {
  EXPECT_CALL(inner_, Send).Times(5).WillRepeatedly(Return(Status(503)));
  EXPECT_EQ(Retrying(RetryPolicy{5, 100ms, 250ms}).Send(WithMethod("GET")).status, 503);
  EXPECT_EQ(sleeps_, (std::vector<std::chrono::milliseconds>{100ms, 200ms, 250ms, 250ms}));
}

TEST_F(RetryingHttpClientTest, EveryGatewayAndPseudoStatusIsRetried) {
  for (long status : {502, 503, 504, 595, 596}) {
    EXPECT_CALL(inner_, Send).WillOnce(Return(Status(status))).WillOnce(Return(Status(200)));
    EXPECT_EQ(Retrying(kFive).Send(WithMethod("GET")).status, 200) << status;
    ::testing::Mock::VerifyAndClearExpectations(&inner_);
  }
}

TEST_F(RetryingHttpClientTest, OtherStatusesAreReturnedAtOnce) {
  for (long status : {200, 400, 401, 404, 500, 501}) {
    EXPECT_CALL(inner_, Send).WillOnce(Return(Status(status)));
    EXPECT_EQ(Retrying(kFive).Send(WithMethod("GET")).status, status);
    ::testing::Mock::VerifyAndClearExpectations(&inner_);
  }
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(RetryingHttpClientTest, GetIsRetriedOnConnectTimeoutAndDroppedConnection) {
  EXPECT_CALL(inner_, Send)
      .WillOnce(Throw(TransportError(Kind::Connect, "refused")))
      .WillOnce(Throw(TransportError(Kind::Timeout, "timed out")))
      .WillOnce(Throw(TransportError(Kind::Dropped, "empty reply")))
      .WillOnce(Return(Status(200)));
  EXPECT_EQ(Retrying(kFive).Send(WithMethod("GET")).status, 200);
  EXPECT_EQ(sleeps_.size(), 3u);
}

TEST_F(RetryingHttpClientTest, LastAttemptsErrorIsThrown) {
  EXPECT_CALL(inner_, Send)
      .WillOnce(Throw(TransportError(Kind::Timeout, "attempt 1")))
      .WillOnce(Throw(TransportError(Kind::Timeout, "attempt 2")))
      .WillOnce(Throw(TransportError(Kind::Connect, "attempt 3")));
  try {
    Retrying(RetryPolicy{3, 10ms, 10ms}).Send(WithMethod("GET"));
    FAIL() << "expected TransportError";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.kind(), Kind::Connect);
    EXPECT_STREQ(error.what(), "attempt 3");
  }
  EXPECT_EQ(sleeps_.size(), 2u);
}

TEST_F(RetryingHttpClientTest, TlsAndOtherErrorsAreNotRetried) {
  for (Kind kind : {Kind::Tls, Kind::Other}) {
    EXPECT_CALL(inner_, Send).WillOnce(Throw(TransportError(kind, "permanent")));
    EXPECT_THROW(Retrying(kFive).Send(WithMethod("GET")), TransportError);
    ::testing::Mock::VerifyAndClearExpectations(&inner_);
  }
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(RetryingHttpClientTest, WritesAreNeverRetried) {
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    EXPECT_CALL(inner_, Send).WillOnce(Return(Status(503)));
    EXPECT_EQ(Retrying(kFive).Send(WithMethod(method)).status, 503) << method;
    EXPECT_CALL(inner_, Send).WillOnce(Throw(TransportError(Kind::Dropped, "maybe done")));
    EXPECT_THROW(Retrying(kFive).Send(WithMethod(method)), TransportError) << method;
    EXPECT_CALL(inner_, Send).WillOnce(Throw(TransportError(Kind::Timeout, "maybe done")));
    EXPECT_THROW(Retrying(kFive).Send(WithMethod(method)), TransportError) << method;
    ::testing::Mock::VerifyAndClearExpectations(&inner_);
  }
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(RetryingHttpClientTest, OneAttemptMeansNoRetry) {
  EXPECT_CALL(inner_, Send).WillOnce(Return(Status(503)));
  EXPECT_EQ(Retrying(RetryPolicy{1, 100ms, 100ms}).Send(WithMethod("GET")).status, 503);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(RetryingHttpClientTest, RequestIsPassedThroughUnchanged) {
  Request request{"GET", "https://pve:8006/api2/json/nodes", {{"Cookie", "PVEAuthCookie=t"}}, ""};
  EXPECT_CALL(inner_, Send).WillOnce([&](const Request& seen) {
    EXPECT_EQ(seen.url, request.url);
    EXPECT_EQ(seen.headers, request.headers);
    return Status(200);
  });
  Retrying(kFive).Send(request);
}

TEST_F(RetryingHttpClientTest, RejectsUnusablePolicies) {
  auto sleeper = [](std::chrono::milliseconds) {};
  EXPECT_THROW(RetryingHttpClient(inner_, RetryPolicy{0, 1ms, 1ms}, sleeper), std::invalid_argument);
  EXPECT_THROW(RetryingHttpClient(inner_, RetryPolicy{3, -1ms, 1ms}, sleeper), std::invalid_argument);
  EXPECT_THROW(RetryingHttpClient(inner_, kFive, Sleeper()), std::invalid_argument);
}

}  // namespace
}  // namespace pm::http
