#include "test_servers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <utility>

namespace pm::http::test_support {
namespace {

std::string LocalUrl(const std::string& scheme, int port, const std::string& path) {
  return scheme + "://127.0.0.1:" + std::to_string(port) + path;
}

// A TCP socket bound to 127.0.0.1 on a port the kernel picks; returns the descriptor.
int BindLocal(int* port) {
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

int ListenLocal(int* port) {
  int fd = BindLocal(port);
  if (listen(fd, 8) != 0) {
    close(fd);
    throw std::runtime_error("listen() failed");
  }
  return fd;
}

// Reads up to the blank line that ends the request head (a test request carries no body that
// matters), giving up after a second so a confused client cannot hang the test. Returns the head,
// "" when the client closed or said nothing.
std::string ReadRequestHead(int fd) {
  timeval limit{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  std::string head;
  char buffer[1024];
  while (head.find("\r\n\r\n") == std::string::npos) {
    ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) return "";
    head.append(buffer, static_cast<std::size_t>(got));
  }
  return head;
}

}  // namespace

HttpsServer::HttpsServer(const KeyAndCert& identity) : server_(identity.cert.get(), identity.key.get()) {
  if (!server_.is_valid()) throw std::runtime_error("httplib rejected the test certificate");
  server_.set_tcp_nodelay(true);  // else Nagle and delayed ACKs add 40 ms to most exchanges
  server_.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hello", "text/plain");
  });
  auto echo = [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.method + " " + req.body + " " + req.get_header_value("X-Probe"), "text/plain");
  };
  server_.Get("/echo", echo);
  server_.Post("/echo", echo);
  server_.Put("/echo", echo);
  server_.Delete("/echo", echo);
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("httplib could not bind");
  // The socket already listens, so clients may connect before this thread starts accepting.
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

HttpsServer::~HttpsServer() {
  // stop() is a no-op until the accept loop runs; wait for it so join() cannot hang.
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_.stop();
  thread_.join();
}

std::string HttpsServer::Url(const std::string& path) const { return LocalUrl("https", port_, path); }

ScriptedServer::ScriptedServer(std::string reply) : reply_(std::move(reply)) {
  listener_ = ListenLocal(&port_);
  thread_ = std::thread([this] { Serve(); });
}

ScriptedServer::~ScriptedServer() {
  shutdown(listener_, SHUT_RDWR);  // wakes the blocked accept()
  thread_.join();
  close(listener_);
}

void ScriptedServer::Serve() {
  for (;;) {
    int fd = accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    if (!ReadRequestHead(fd).empty()) ++requests_;
    if (!reply_.empty()) send(fd, reply_.data(), reply_.size(), MSG_NOSIGNAL);
    close(fd);
  }
}

std::string ScriptedServer::Url(const std::string& path) const { return LocalUrl("http", port_, path); }

HangsUpOnReusedConnection::HangsUpOnReusedConnection() {
  listener_ = ListenLocal(&port_);
  thread_ = std::thread([this] { Serve(); });
}

HangsUpOnReusedConnection::~HangsUpOnReusedConnection() {
  shutdown(listener_, SHUT_RDWR);
  thread_.join();
  close(listener_);
}

void HangsUpOnReusedConnection::Serve() {
  const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok";
  for (bool answered = false;;) {
    int fd = accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    for (std::string head = ReadRequestHead(fd); !head.empty(); head = ReadRequestHead(fd)) {
      if (head.rfind("GET ", 0) != 0) ++writes_;
      if (answered) break;  // the work is "done", the answer never leaves
      send(fd, ok.data(), ok.size(), MSG_NOSIGNAL);
      answered = true;
    }
    close(fd);
  }
}

std::string HangsUpOnReusedConnection::Url(const std::string& path) const { return LocalUrl("http", port_, path); }

StalledServer::StalledServer() { listener_ = ListenLocal(&port_); }

StalledServer::~StalledServer() { close(listener_); }

std::string StalledServer::Url(const std::string& scheme) const { return LocalUrl(scheme, port_, "/"); }

RefusingPort::RefusingPort() { socket_ = BindLocal(&port_); }

RefusingPort::~RefusingPort() { close(socket_); }

std::string RefusingPort::Url() const { return LocalUrl("https", port_, "/"); }

}  // namespace pm::http::test_support
