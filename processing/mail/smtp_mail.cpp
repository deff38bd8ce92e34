#include "mail/smtp_mail.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string_view>

namespace pm::mail {
namespace {

// Each line holding an encoded-word is capped at 76 characters (RFC 2047 §2). "Subject: " and
// the 12 characters of "=?UTF-8?B?" … "?=" leave 55 for base64, so 52: 39 bytes of text.
constexpr std::size_t kSubjectWordBytes = 39;
constexpr std::size_t kBodyLineLength = 76;  // RFC 2045 §6.8

std::invalid_argument Invalid(const std::string& what) { return std::invalid_argument("mail: " + what); }

void CheckSingleLine(const char* field, const std::string& value) {
  if (value.find_first_of("\r\n") != std::string::npos) {
    throw Invalid(std::string(field) + " contains a line break (CR or LF), which would inject mail headers");
  }
}

// Printable ASCII without the characters that would let one field carry a display name, a
// comment or a second address into the envelope or the headers.
bool IsAddressChar(unsigned char c) {
  return c > 0x20 && c < 0x7f && std::string_view("<>(),;:\"\\").find(static_cast<char>(c)) == std::string_view::npos;
}

// Deliberately narrower than RFC 5321: one '@' with something on both sides, IsAddressChar only.
void CheckAddress(const char* field, const std::string& address) {
  auto at = address.find('@');
  bool one_at = at != std::string::npos && at > 0 && at + 1 < address.size() &&
                address.find('@', at + 1) == std::string::npos;
  if (!one_at || !std::ranges::all_of(address, IsAddressChar)) {
    throw Invalid(std::string(field) + " address '" + address + "' is not a single address like user@example.com");
  }
}

void CheckDomain(const std::string& domain) {
  if (domain.empty() || domain.find('@') != std::string::npos || !std::ranges::all_of(domain, IsAddressChar)) {
    throw Invalid("Message-ID domain '" + domain + "' is not a host name");
  }
}

std::string Base64(std::string_view data) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string encoded;
  encoded.reserve((data.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < data.size(); i += 3) {
    std::size_t taken = std::min<std::size_t>(3, data.size() - i);
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      group = group << 8 | (k < taken ? static_cast<unsigned char>(data[i + k]) : 0u);
    }
    for (std::size_t k = 0; k < 4; ++k) encoded += k <= taken ? kAlphabet[(group >> (18 - 6 * k)) & 63] : '=';
  }
  return encoded;
}

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Encoded-words separated by folding whitespace, which decoders drop between them. Each word must
// decode on its own, so words split only between UTF-8 characters.
std::string EncodedSubject(const std::string& subject) {
  if (std::ranges::all_of(subject, [](unsigned char c) { return c < 0x80; })) return subject;
  std::string words;
  for (std::size_t start = 0; start < subject.size();) {
    std::size_t end = std::min(start + kSubjectWordBytes, subject.size());
    // The start + 1 bound keeps malformed UTF-8 (a long run of continuation bytes) moving.
    while (end < subject.size() && end > start + 1 && IsUtf8Continuation(subject[end])) --end;
    if (!words.empty()) words += "\r\n ";
    words += "=?UTF-8?B?" + Base64(std::string_view(subject).substr(start, end - start)) + "?=";
    start = end;
  }
  return words;
}

// RFC 5322 wants English day and month names, whatever the process locale says.
std::string DateText(std::time_t now) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

// The time alone would repeat for two mails sent in one second.
std::string MessageId(std::time_t now, const std::string& domain) {
  std::random_device random;
  char unique[32];
  std::snprintf(unique, sizeof unique, "%08x%08x", random(), random());
  return "<" + std::to_string(now) + "." + unique + "@" + domain + ">";
}

std::string BodyLines(const std::string& body) {
  std::string encoded = Base64(body);
  std::string lines;
  for (std::size_t i = 0; i < encoded.size(); i += kBodyLineLength) {
    lines += encoded.substr(i, kBodyLineLength) + "\r\n";
  }
  return lines;
}

// What one curl exchange reads from and records.
struct Exchange {
  std::string_view unsent;
  std::string refusal;  // the relay's last 4xx/5xx reply line
};

std::size_t ReadMessage(char* buffer, std::size_t size, std::size_t count, void* exchange) {
  std::string_view& unsent = static_cast<Exchange*>(exchange)->unsent;
  std::size_t length = std::min(size * count, unsent.size());
  std::memcpy(buffer, unsent.data(), length);
  unsent.remove_prefix(length);
  return length;
}

// curl hands each SMTP reply line to the header callback. Only refusals are kept: after a
// failed RCPT curl still says QUIT, and the relay's "221 bye" would hide the reason.
std::size_t KeepRefusal(char* data, std::size_t size, std::size_t count, void* exchange) {
  std::string_view line(data, size * count);
  if (line.starts_with('4') || line.starts_with('5')) {
    while (line.ends_with('\n') || line.ends_with('\r')) line.remove_suffix(1);
    static_cast<Exchange*>(exchange)->refusal = line;
  }
  return size * count;
}

// A refused option would silently weaken or break the delivery, so it is an error.
template <typename Value>
void SetOption(CURL* curl, CURLoption option, Value value) {
  CURLcode code = curl_easy_setopt(curl, option, value);
  if (code != CURLE_OK) {
    throw MailError("curl refused option " + std::to_string(option) + ": " + curl_easy_strerror(code));
  }
}

// The relay's URL as curl takes it, and whether TLS is a must.
struct Relay {
  std::string url;
  bool tls_required = false;
};

// smtps:// is TLS from the first byte; smtp+starttls:// asks for STARTTLS and goes no further
// without it; a login in the URL is never sent in the clear. A plain smtp:// relay (a local one
// often has no TLS) gets STARTTLS when it offers it.
Relay RelayOf(const std::string& url) {
  const std::string starttls = "smtp+starttls://";
  if (url.rfind(starttls, 0) == 0) return {"smtp://" + url.substr(starttls.size()), true};
  auto start = url.find("://");
  std::string authority = start == std::string::npos ? "" : url.substr(start + 3, url.find_first_of("/?#", start + 3) - start - 3);
  bool login = authority.find('@') != std::string::npos;
  return {url, login || url.rfind("smtps://", 0) == 0};
}

void ApplyRelay(CURL* curl, const SmtpSettings& settings, char* errors) {
  Relay relay = RelayOf(settings.url);
  SetOption(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts must not use SIGALRM in a panel process
  SetOption(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  SetOption(curl, CURLOPT_URL, relay.url.c_str());
  SetOption(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.timeout.count() * 1000));
  SetOption(curl, CURLOPT_ERRORBUFFER, errors);
  // Once TLS starts, a certificate that does not verify is fatal.
  SetOption(curl, CURLOPT_USE_SSL, static_cast<long>(relay.tls_required ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  SetOption(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  SetOption(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings.ca_file.empty()) SetOption(curl, CURLOPT_CAINFO, settings.ca_file.c_str());
}

void ApplyEnvelope(CURL* curl, const std::string& from, curl_slist* recipients) {
  SetOption(curl, CURLOPT_MAIL_FROM, ("<" + from + ">").c_str());  // curl copies option strings
  SetOption(curl, CURLOPT_MAIL_RCPT, recipients);
}

void ApplyExchange(CURL* curl, Exchange* exchange) {
  SetOption(curl, CURLOPT_UPLOAD, 1L);
  SetOption(curl, CURLOPT_READFUNCTION, ReadMessage);
  SetOption(curl, CURLOPT_READDATA, static_cast<void*>(exchange));
  SetOption(curl, CURLOPT_HEADERFUNCTION, KeepRefusal);
  SetOption(curl, CURLOPT_HEADERDATA, static_cast<void*>(exchange));
}

// curl's text names the relay's host and port; the body is never part of it.
MailError ErrorFor(CURLcode code, const char* errors, const Exchange& exchange, std::chrono::seconds timeout) {
  std::string text = errors[0] != '\0' ? errors : curl_easy_strerror(code);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      text = "cannot connect to the mail relay: " + text;
      break;
    case CURLE_OPERATION_TIMEDOUT:
      text = "the mail relay did not finish within " + std::to_string(timeout.count()) + " s: " + text;
      break;
    default:
      text = "sending mail through the relay failed: " + text;
  }
  if (!exchange.refusal.empty()) text += " (the relay replied: " + exchange.refusal + ")";
  return MailError(text);
}

struct EasyFree {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::string FormatMessage(const MailMessage& message, std::time_t now, const std::string& message_id_domain) {
  CheckSingleLine("From", message.from);
  CheckSingleLine("To", message.to);
  CheckSingleLine("Subject", message.subject);
  CheckAddress("From", message.from);
  CheckAddress("To", message.to);
  CheckDomain(message_id_domain);
  return "Date: " + DateText(now) + "\r\n" +
         "From: " + message.from + "\r\n" +
         "To: " + message.to + "\r\n" +
         "Subject: " + EncodedSubject(message.subject) + "\r\n" +
         "Message-ID: " + MessageId(now, message_id_domain) + "\r\n" +
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: base64\r\n"
         "\r\n" +
         BodyLines(message.body);
}

void SendMail(const SmtpSettings& settings, const MailMessage& message) {
  // The sender's domain is the one this mail claims to come from, so its IDs belong there.
  std::string text = FormatMessage(message, std::time(nullptr), message.from.substr(message.from.find('@') + 1));
  char errors[CURL_ERROR_SIZE] = {};
  Exchange exchange{text, {}};
  std::unique_ptr<curl_slist, SlistFree> recipients(curl_slist_append(nullptr, ("<" + message.to + ">").c_str()));
  if (!recipients) throw std::bad_alloc();
  // Declared last so it is cleaned up first: closing the connection still says QUIT, and that
  // exchange may use the callbacks' data and the error buffer.
  std::unique_ptr<CURL, EasyFree> curl(curl_easy_init());
  if (!curl) throw MailError("curl_easy_init failed");

  ApplyRelay(curl.get(), settings, errors);
  ApplyEnvelope(curl.get(), message.from, recipients.get());
  ApplyExchange(curl.get(), &exchange);
  CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) throw ErrorFor(code, errors, exchange, settings.timeout);
}

}  // namespace pm::mail
