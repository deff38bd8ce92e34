#include "simcommon/https_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <stdexcept>

#include "simcommon/text.h"

namespace simcommon {

namespace {

constexpr size_t kMaxHead = 64 * 1024;
constexpr size_t kMaxBody = 32 * 1024 * 1024;
constexpr int kIdleSeconds = 30;

// Buffered reads from one TLS connection.
class Connection {
 public:
  explicit Connection(SSL* ssl) : ssl_(ssl) {}

  // Reads until `delimiter` is buffered; returns its end offset, or npos on EOF/limit.
  size_t ReadUntil(std::string_view delimiter, size_t limit) {
    while (true) {
      size_t found = buffer_.find(delimiter);
      if (found != std::string::npos) return found + delimiter.size();
      if (buffer_.size() > limit || !Fill()) return std::string::npos;
    }
  }

  bool ReadExactly(size_t size) {
    while (buffer_.size() < size) {
      if (!Fill()) return false;
    }
    return true;
  }

  std::string Take(size_t size) {
    std::string out = buffer_.substr(0, size);
    buffer_.erase(0, size);
    return out;
  }

  bool Write(const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      int n = SSL_write(ssl_, data.data() + sent, static_cast<int>(data.size() - sent));
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

 private:
  bool Fill() {
    char chunk[16 * 1024];
    int n = SSL_read(ssl_, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  SSL* ssl_;
  std::string buffer_;
};

bool ParseHead(const std::string& head, HttpRequest& request) {
  auto lines = Split(head, '\n');
  for (std::string& line : lines) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
  }
  auto parts = Split(lines[0], ' ');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty()) return false;
  request.method = parts[0];
  request.target = parts[1];
  request.version = parts[2];
  auto question = request.target.find('?');
  request.path = PercentDecode(request.target.substr(0, question), false);
  request.query = question == std::string::npos ? "" : request.target.substr(question + 1);
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    auto colon = lines[i].find(':');
    if (colon == std::string::npos) return false;
    request.headers.emplace_back(Trim(lines[i].substr(0, colon)), Trim(lines[i].substr(colon + 1)));
  }
  return true;
}

bool ReadChunkedBody(Connection& conn, std::string& body) {
  while (true) {
    size_t end = conn.ReadUntil("\r\n", kMaxHead);
    if (end == std::string::npos) return false;
    std::string size_line = conn.Take(end);
    size_t size = std::stoul(size_line, nullptr, 16);
    if (size == 0) {
      return conn.ReadUntil("\r\n", kMaxHead) != std::string::npos;  // trailer end
    }
    if (body.size() + size > kMaxBody || !conn.ReadExactly(size + 2)) return false;
    body += conn.Take(size);
    conn.Take(2);
  }
}

bool ReadRequest(Connection& conn, HttpRequest& request) {
  size_t head_end = conn.ReadUntil("\r\n\r\n", kMaxHead);
  if (head_end == std::string::npos) return false;
  if (!ParseHead(conn.Take(head_end), request)) return false;
  if (ToLower(request.Header("Transfer-Encoding")).find("chunked") != std::string::npos) {
    try {
      return ReadChunkedBody(conn, request.body);
    } catch (const std::exception&) {
      return false;
    }
  }
  std::string length = request.Header("Content-Length");
  if (length.empty()) return true;
  if (!IsInteger(length) || length[0] == '-') return false;
  size_t size = std::stoul(length);
  if (size > kMaxBody || !conn.ReadExactly(size)) return false;
  request.body = conn.Take(size);
  return true;
}

}  // namespace

const char* DefaultReason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 595:
      return "Connection refused";
    default:
      return "Unknown";
  }
}

std::string HttpDate(std::time_t time) {
  std::tm tm{};
  gmtime_r(&time, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

bool WantsKeepAlive(const HttpRequest& request) {
  std::string connection = ToLower(request.Header("Connection"));
  if (request.version == "HTTP/1.0") return connection == "keep-alive";
  return connection != "close";
}

std::string HttpRequest::Header(std::string_view name) const {
  std::string wanted = ToLower(name);
  for (const auto& [key, value] : headers) {
    if (ToLower(key) == wanted) return value;
  }
  return "";
}

HttpsServer::HttpsServer(const std::string& cert_pem, const std::string& key_pem) {
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (!ctx_) throw std::runtime_error("SSL_CTX_new failed");
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  BIO* cert_bio = BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size()));
  X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
  BIO_free(cert_bio);
  BIO* key_bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
  BIO_free(key_bio);
  bool ok = cert && key && SSL_CTX_use_certificate(ctx_, cert) == 1 &&
            SSL_CTX_use_PrivateKey(ctx_, key) == 1 && SSL_CTX_check_private_key(ctx_) == 1;
  X509_free(cert);
  EVP_PKEY_free(key);
  if (!ok) {
    SSL_CTX_free(ctx_);
    throw std::runtime_error("cannot load the TLS certificate or key");
  }
}

HttpsServer::~HttpsServer() {
  Stop();
  SSL_CTX_free(ctx_);
}

int HttpsServer::Listen(int port) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket() failed");
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listen_fd_, 64) != 0) {
    close(listen_fd_);
    listen_fd_ = -1;
    throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port));
  }
  socklen_t length = sizeof address;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

void HttpsServer::Start(HttpHandler handler, HttpWriter writer) {
  std::signal(SIGPIPE, SIG_IGN);
  handler_ = std::move(handler);
  writer_ = std::move(writer);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

void HttpsServer::Stop() {
  if (stopping_.exchange(true)) return;
  if (acceptor_.joinable()) acceptor_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = -1;
  std::unique_lock<std::mutex> lock(mutex_);
  for (int fd : connections_) shutdown(fd, SHUT_RDWR);
  idle_.wait(lock, [this] { return connections_.empty(); });
}

void HttpsServer::AcceptLoop() {
  while (!stopping_) {
    pollfd entry{listen_fd_, POLLIN, 0};
    if (poll(&entry, 1, 100) <= 0) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    timeval idle{kIdleSeconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
    std::lock_guard<std::mutex> guard(mutex_);
    connections_.insert(fd);
    std::thread([this, fd] { Serve(fd); }).detach();
  }
}

void HttpsServer::Serve(int fd) {
  SSL* ssl = SSL_new(ctx_);
  SSL_set_fd(ssl, fd);
  bool clean_close = false;
  if (SSL_accept(ssl) == 1) {
    Connection conn(ssl);
    while (!stopping_) {
      HttpRequest request;
      if (!ReadRequest(conn, request)) break;
      HttpResponse response;
      try {
        response = handler_(request);
      } catch (const std::exception& e) {
        // A bug in a handler must not take the whole simulator down.
        response.status = 500;
        response.reason = FirstLine(e.what());
      }
      if (response.drop) break;
      HttpWire wire = writer_(request, response);
      if (!conn.Write(wire.bytes)) break;
      if (!wire.keep_alive) {
        clean_close = true;
        break;
      }
    }
  }
  if (clean_close) SSL_shutdown(ssl);
  SSL_free(ssl);
  ERR_clear_error();
  // Close under the mutex: the acceptor could otherwise reuse the fd number before we erase it.
  std::lock_guard<std::mutex> guard(mutex_);
  close(fd);
  connections_.erase(fd);
  idle_.notify_all();
}

}  // namespace simcommon
