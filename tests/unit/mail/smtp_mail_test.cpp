#include "mail/smtp_mail.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "fake_smtp_server.h"

namespace pm::mail {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using test_support::FakeSmtpServer;
using test_support::RefusingPort;
using namespace std::chrono_literals;

constexpr std::time_t kNow = 1700000000;  // Tue, 14 Nov 2023 22:13:20 UTC

MailMessage Restored() {
  return {"billing@example.com", "client@example.org", "Backup restored", "Hello"};
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2) {
    lines.push_back(text.substr(start, end - start));
  }
  EXPECT_EQ(start, text.size()) << "text does not end in CRLF";
  return lines;
}

std::string Head(const std::string& message) { return message.substr(0, message.find("\r\n\r\n") + 2); }
std::string Body(const std::string& message) { return message.substr(message.find("\r\n\r\n") + 4); }

// The header field `name` as it stands in the message, continuation lines included.
std::string Header(const std::string& message, const std::string& name) {
  std::string head = "\r\n" + Head(message);
  std::size_t start = head.find("\r\n" + name + ": ");
  if (start == std::string::npos) {
    ADD_FAILURE() << "no " << name << " header";
    return {};
  }
  start += 2;
  std::size_t end = head.find("\r\n", start);
  while (head.compare(end, 3, "\r\n ") == 0) end = head.find("\r\n", end + 2);
  return head.substr(start, end - start);
}

std::string Base64Decode(const std::string& text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string decoded;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    std::size_t value = kAlphabet.find(c);
    if (value == std::string::npos) continue;  // '=' padding and line breaks
    bits = bits << 6 | static_cast<unsigned>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      decoded += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return decoded;
}

// Decodes "=?UTF-8?B?…?=" words separated by folding whitespace.
std::string DecodeWords(const std::string& subject) {
  static const std::regex kWord(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  std::string decoded;
  for (std::sregex_iterator it(subject.begin(), subject.end(), kWord), end; it != end; ++it) {
    decoded += Base64Decode((*it)[1]);
  }
  return decoded;
}

// Date and Message-ID differ between any two formattings; everything else must not.
std::string WithoutDateAndId(const std::string& message) {
  std::string kept;
  for (const auto& line : Lines(message)) {
    if (!line.starts_with("Date: ") && !line.starts_with("Message-ID: ")) kept += line + "\r\n";
  }
  return kept;
}

TEST(EmailFormatTest, WritesTheHeadersInOrder) {
  std::string message = FormatMessage(Restored(), kNow, "example.com");
  std::vector<std::string> head = Lines(Head(message));
  ASSERT_EQ(head.size(), 8u);
  EXPECT_EQ(head[0], "Date: Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(head[1], "From: billing@example.com");
  EXPECT_EQ(head[2], "To: client@example.org");
  EXPECT_EQ(head[3], "Subject: Backup restored");
  EXPECT_THAT(head[4], MatchesRegex(R"(Message-ID: <1700000000\.[0-9a-f]{16}@example\.com>)"));
  EXPECT_EQ(head[5], "MIME-Version: 1.0");
  EXPECT_EQ(head[6], "Content-Type: text/plain; charset=UTF-8");
  EXPECT_EQ(head[7], "Content-Transfer-Encoding: base64");
  EXPECT_EQ(Body(message), "SGVsbG8=\r\n");
}

TEST(EmailFormatTest, GivesEachMessageItsOwnId) {
  EXPECT_NE(Header(FormatMessage(Restored(), kNow, "example.com"), "Message-ID"),
            Header(FormatMessage(Restored(), kNow, "example.com"), "Message-ID"));
}

TEST(EmailFormatTest, EncodesACyrillicSubject) {
  MailMessage message = Restored();
  message.subject = "Привет";
  EXPECT_EQ(Header(FormatMessage(message, kNow, "example.com"), "Subject"), "Subject: =?UTF-8?B?0J/RgNC40LLQtdGC?=");
}

TEST(EmailFormatTest, SplitsALongSubjectIntoWordsThatFitTheirLines) {
  MailMessage message = Restored();
  message.subject = "Резервная копия сервера vm-101.example.org восстановлена, сервер снова запущен";
  std::string subject = Header(FormatMessage(message, kNow, "example.com"), "Subject");
  std::vector<std::string> lines = Lines(subject + "\r\n");
  EXPECT_GT(lines.size(), 1u);
  for (const auto& line : lines) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(DecodeWords(subject), message.subject);
}

TEST(EmailFormatTest, BodyDecodesBackExactlyFromShortLines) {
  MailMessage message = Restored();
  message.body = "Здравствуйте!\n\nРезервная копия от 2024-05-01 восстановлена.\r\nVM 101: running\n";
  std::string body = Body(FormatMessage(message, kNow, "example.com"));
  std::vector<std::string> lines = Lines(body);
  ASSERT_GT(lines.size(), 1u);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_EQ(lines[i].size(), 76u);
  EXPECT_LE(lines.back().size(), 76u);
  EXPECT_EQ(Base64Decode(body), message.body);
}

TEST(EmailFormatTest, EmptyBodyIsAnEmptyPart) {
  MailMessage message = Restored();
  message.body.clear();
  EXPECT_EQ(Body(FormatMessage(message, kNow, "example.com")), "");
}

TEST(EmailFormatTest, RefusesLineBreaksInHeaderFields) {
  for (const char* smuggled : {"\r\nBcc: victim@example.net", "\nBcc: victim@example.net", "\r"}) {
    MailMessage subject = Restored();
    subject.subject += smuggled;
    EXPECT_THROW(FormatMessage(subject, kNow, "example.com"), std::invalid_argument);
    MailMessage from = Restored();
    from.from += smuggled;
    EXPECT_THROW(FormatMessage(from, kNow, "example.com"), std::invalid_argument);
    MailMessage to = Restored();
    to.to += smuggled;
    EXPECT_THROW(FormatMessage(to, kNow, "example.com"), std::invalid_argument);
  }
}

TEST(EmailFormatTest, RefusesWhatIsNotASingleAddress) {
  for (const char* bad : {"", "client", "@example.org", "client@", "a@b@example.org", "the client@example.org",
                          "<client@example.org>", "Client <client@example.org>", "a@example.org,b@example.org",
                          "клиент@example.org", "client@example.org\t"}) {
    MailMessage to = Restored();
    to.to = bad;
    EXPECT_THROW(FormatMessage(to, kNow, "example.com"), std::invalid_argument) << "to: " << bad;
    MailMessage from = Restored();
    from.from = bad;
    EXPECT_THROW(FormatMessage(from, kNow, "example.com"), std::invalid_argument) << "from: " << bad;
  }
}

TEST(EmailFormatTest, RefusesAMessageIdDomainThatIsNotAHostName) {
  for (const char* bad : {"", "example.com>\r\nBcc: victim@example.net", "a@example.com", "exa mple.com"}) {
    EXPECT_THROW(FormatMessage(Restored(), kNow, bad), std::invalid_argument) << bad;
  }
}

TEST(EmailFormatTest, ErrorNamesTheFieldButNeverTheBody) {
  MailMessage message = Restored();
  message.to = "not an address";
  message.body = "secret body text";
  try {
    FormatMessage(message, kNow, "example.com");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("To address 'not an address'"));
    EXPECT_THAT(e.what(), Not(HasSubstr("secret body text")));
  }
}

// Sends, expecting a MailError; returns its text.
std::string Failure(const SmtpSettings& settings, const MailMessage& message) {
  try {
    SendMail(settings, message);
  } catch (const MailError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no MailError";
  return {};
}

TEST(EmailSendTest, DeliversTheFormattedMessageWithItsEnvelope) {
  FakeSmtpServer server;
  MailMessage message = Restored();
  message.subject = "Резервная копия восстановлена";
  message.body = "Здравствуйте!\nСервер снова запущен.\n";
  SendMail({server.Url(), 5s, {}}, message);

  const auto& session = server.Session();
  EXPECT_EQ(session.mail_from, "<billing@example.com>");
  EXPECT_THAT(session.recipients, ElementsAre("<client@example.org>"));
  EXPECT_EQ(WithoutDateAndId(session.data), WithoutDateAndId(FormatMessage(message, kNow, "example.com")));
  EXPECT_THAT(Header(session.data, "Message-ID"), MatchesRegex(R"(Message-ID: <[0-9]+\.[0-9a-f]{16}@example\.com>)"));
}

TEST(EmailSendTest, RefusedRecipientIsAMailErrorWithTheRelaysReply) {
  FakeSmtpServer server("client@example.org");
  MailMessage message = Restored();
  message.body = "secret body text";
  std::string error = Failure({server.Url(), 5s, {}}, message);
  EXPECT_THAT(error, HasSubstr("550"));
  EXPECT_THAT(error, HasSubstr("no such user"));
  EXPECT_THAT(error, Not(HasSubstr("secret body text")));
  EXPECT_EQ(server.Session().data, "");
}

// A relay that offers no STARTTLS must not get a login, or a message the URL wanted encrypted.
TEST(EmailSendTest, TlsAskedForIsNeverDowngraded) {
  const int kStarttls = 0, kLogin = 1;
  for (int asked : {kStarttls, kLogin}) {
    FakeSmtpServer server({}, true);
    std::string url = server.Url();
    url = asked == kStarttls ? "smtp+starttls://" + url.substr(7) : "smtp://mailer:pa55word@" + url.substr(7);
    std::string error = Failure({url, 5s, {}}, Restored());
    EXPECT_THAT(error, HasSubstr("TLS")) << url;
    EXPECT_EQ(server.Session().auth, "") << url;
    EXPECT_EQ(server.Session().data, "") << url;
  }
}

TEST(EmailSendTest, ClosedPortIsAMailErrorAboutConnecting) {
  RefusingPort port;
  EXPECT_THAT(Failure({port.Url(), 5s, {}}, Restored()), HasSubstr("cannot connect to the mail relay"));
}

TEST(EmailSendTest, MalformedMessageIsRefusedBeforeConnecting) {
  RefusingPort port;  // a connection attempt would turn into a MailError instead
  MailMessage message = Restored();
  message.to = "client@example.org\r\nBcc: victim@example.net";
  EXPECT_THROW(SendMail({port.Url(), 5s, {}}, message), std::invalid_argument);
}

}  // namespace
}  // namespace pm::mail
