#pragma once

#include <atomic>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX;

namespace simcommon {

struct HttpRequest {
  std::string method;
  std::string target;   // as sent: path and query
  std::string path;     // percent-decoded, without the query (PVE routes on this)
  std::string query;    // raw query string
  std::string version;  // "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // First value of a header, matched case-insensitively; empty if absent.
  std::string Header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string reason;  // status line text (empty: the usual phrase); PVE puts its error here
  std::string content_type;
  std::string body;
  bool drop = false;  // close the connection without answering
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// An answer as it goes on the wire: status line, headers and body, and whether the connection
// stays open afterwards. Each simulator writes the headers of the server it imitates.
struct HttpWire {
  std::string bytes;
  bool keep_alive = true;
};
using HttpWriter = std::function<HttpWire(const HttpRequest&, const HttpResponse&)>;

// For writers: the usual reason phrase of a status, an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37
// GMT"), and whether the client asked to keep the connection open (HTTP/1.1 default, 1.0 opt-in).
const char* DefaultReason(int status);
std::string HttpDate(std::time_t time);
bool WantsKeepAlive(const HttpRequest& request);

// A small HTTP/1.1 server over TLS, one thread per connection. Written for the simulators
// instead of using cpp-httplib's server because they need control httplib does not give:
// custom reason phrases, dropping a connection unanswered, and seeing request bodies on
// GET/DELETE. Binds 127.0.0.1 only. Ignores SIGPIPE process-wide (peers may vanish mid-write).
class HttpsServer {
 public:
  HttpsServer(const std::string& cert_pem, const std::string& key_pem);
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  // Binds 127.0.0.1:<port> (0 = any free port) and returns the bound port.
  int Listen(int port);
  void Start(HttpHandler handler, HttpWriter writer);
  // Stops accepting, shuts down open connections and waits for their threads.
  void Stop();

 private:
  void AcceptLoop();
  void Serve(int fd);

  SSL_CTX* ctx_ = nullptr;
  int listen_fd_ = -1;
  HttpHandler handler_;
  HttpWriter writer_;
  std::thread acceptor_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable idle_;
  std::set<int> connections_;
};

}  // namespace simcommon
