// A one-session SMTP server on 127.0.0.1 with a kernel-chosen port: just enough of RFC 5321 for
// curl to deliver one message, recording what it was told. It never offers STARTTLS, so a client
// asking for STARTTLS only where offered goes on in plain text; it may offer AUTH PLAIN, to show
// what a client would send in the clear.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace pm::mail::test_support {

// A TCP socket bound to 127.0.0.1 on a port the kernel picks; returns the descriptor.
inline int BindLocal(int* port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("bind() failed");
  }
  *port = ntohs(address.sin_port);
  return fd;
}

inline std::string SmtpUrl(int port) { return "smtp://127.0.0.1:" + std::to_string(port); }

struct SmtpSession {
  std::string auth;                     // an AUTH command as it arrived, credentials included
  std::string mail_from;                // the MAIL FROM argument, "<user@domain>"
  std::vector<std::string> recipients;  // the accepted RCPT TO arguments
  std::string data;                     // what came between DATA and the final ".", CRLFs kept
};

class FakeSmtpServer {
 public:
  // RCPT TO:<refused_recipient> draws a 550; every other recipient is accepted.
  explicit FakeSmtpServer(std::string refused_recipient = {}, bool offer_auth = false)
      : refused_("<" + refused_recipient + ">"), offer_auth_(offer_auth) {
    listener_ = BindLocal(&port_);
    if (listen(listener_, 1) != 0) {
      close(listener_);
      throw std::runtime_error("listen() failed");
    }
    timeval wait{30, 0};  // Session() of a test whose client never comes ends, empty
    setsockopt(listener_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    thread_ = std::thread([this] { Serve(); });
  }

  ~FakeSmtpServer() {
    shutdown(listener_, SHUT_RDWR);  // wakes an accept() that no client came to
    if (thread_.joinable()) thread_.join();
    close(listener_);
  }

  FakeSmtpServer(const FakeSmtpServer&) = delete;
  FakeSmtpServer& operator=(const FakeSmtpServer&) = delete;

  std::string Url() const { return SmtpUrl(port_); }

  // Waits for the client's QUIT or hang-up, then returns what the session carried.
  const SmtpSession& Session() {
    if (thread_.joinable()) thread_.join();
    return session_;
  }

 private:
  void Serve() {
    client_ = accept(listener_, nullptr, nullptr);
    if (client_ < 0) return;
    timeval limit{2, 0};  // a confused client must not hang the test
    setsockopt(client_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    Converse();
    close(client_);
  }

  void Converse() {
    Reply("220 fake ESMTP");
    while (auto line = ReadLine()) {
      if (line->starts_with("EHLO") || line->starts_with("HELO")) {
        Reply(offer_auth_ ? "250-fake\r\n250 AUTH PLAIN" : "250 fake");
      } else if (offer_auth_ && line->starts_with("AUTH")) {
        session_.auth = *line;
        Reply("235 2.7.0 authenticated");
      } else if (line->starts_with("MAIL FROM:")) {
        session_.mail_from = line->substr(10);
        Reply("250 2.1.0 ok");
      } else if (line->starts_with("RCPT TO:")) {
        Recipient(line->substr(8));
      } else if (*line == "DATA") {
        Reply("354 end data with <CR><LF>.<CR><LF>");
        if (!ReadData()) return;
        Reply("250 2.0.0 queued");
      } else if (*line == "QUIT") {
        Reply("221 2.0.0 bye");
        return;
      } else {
        Reply("502 5.5.1 not implemented");
      }
    }
  }

  void Recipient(const std::string& address) {
    if (address == refused_) {
      Reply("550 5.1.1 " + address + ": recipient address rejected: no such user");
      return;
    }
    session_.recipients.push_back(address);
    Reply("250 2.1.5 ok");
  }

  // Up to the line holding only ".", undoing the client's dot-stuffing (RFC 5321 §4.5.2).
  bool ReadData() {
    while (auto line = ReadLine()) {
      if (*line == ".") return true;
      session_.data += (line->starts_with("..") ? line->substr(1) : *line) + "\r\n";
    }
    return false;
  }

  std::optional<std::string> ReadLine() {
    std::size_t end;
    while ((end = pending_.find("\r\n")) == std::string::npos) {
      char buffer[4096];
      ssize_t got = recv(client_, buffer, sizeof buffer, 0);
      if (got <= 0) return std::nullopt;
      pending_.append(buffer, static_cast<std::size_t>(got));
    }
    std::string line = pending_.substr(0, end);
    pending_.erase(0, end + 2);
    return line;
  }

  void Reply(const std::string& line) {
    std::string wire = line + "\r\n";
    send(client_, wire.data(), wire.size(), MSG_NOSIGNAL);
  }

  std::string refused_;
  bool offer_auth_;
  int listener_ = -1;
  int port_ = 0;
  int client_ = -1;
  std::string pending_;  // received bytes not yet taken as a line
  SmtpSession session_;
  std::thread thread_;
};

// A port that is bound (so nobody else takes it) but not listening: connections are refused.
class RefusingPort {
 public:
  RefusingPort() { socket_ = BindLocal(&port_); }
  ~RefusingPort() { close(socket_); }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;

  std::string Url() const { return SmtpUrl(port_); }

 private:
  int socket_ = -1;
  int port_ = 0;
};

}  // namespace pm::mail::test_support
