// Mail the modules send themselves (contract §7, e.g. "Backup restored"), over SMTP to one relay.
// It knows no panel and no hypervisor: a plain-text message in, a delivery to the relay out.
#pragma once

#include <chrono>
#include <ctime>
#include <stdexcept>
#include <string>

namespace pm::mail {

struct MailMessage {
  std::string from;     // a single bare address, user@domain
  std::string to;       // a single bare address, user@domain
  std::string subject;  // UTF-8
  std::string body;     // plain UTF-8 text
};

// Every member after url has a default initializer, so SmtpSettings{url} is complete
// (-Wmissing-field-initializers stays quiet).
struct SmtpSettings {
  // smtp://host:port (STARTTLS when the relay offers it), smtp+starttls://host:587 (STARTTLS or
  // nothing), smtps://host:465 (TLS); a login in the URL (smtp://user:password@host) is only ever
  // sent over TLS.
  std::string url;
  std::chrono::seconds timeout{30};  // for the whole exchange
  std::string ca_file{};             // optional CA bundle for smtps/STARTTLS; empty = system store
};

// The relay could not be reached or did not accept the message. The text never includes the body.
class MailError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Sends one message. Throws std::invalid_argument for a malformed message (before connecting),
// MailError when the relay is unreachable or refuses it (with the relay's last reply, if any).
void SendMail(const SmtpSettings& settings, const MailMessage& message);

// The RFC 5322 text SendMail transmits: CRLF line ends, a UTF-8 text/plain body in base64, the
// subject as RFC 2047 encoded-words when it is not ASCII. Throws std::invalid_argument when
// from/to/subject carry CR or LF (header injection) or an address is not a single user@domain.
std::string FormatMessage(const MailMessage& message, std::time_t now, const std::string& message_id_domain);

}  // namespace pm::mail
