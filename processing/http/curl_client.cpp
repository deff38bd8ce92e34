#include "http/curl_client.h"

#include <curl/curl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <strings.h>

#include <cctype>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace pm::http {
namespace {

using Kind = TransportError::Kind;

// What the certificate pin check saw during one handshake.
struct PinCheck {
  Sha256 expected{};
  std::optional<Sha256> rejected;  // the server's certificate digest when it did not match
};

std::invalid_argument MalformedFingerprint(const std::string& text, const std::string& problem) {
  return std::invalid_argument("malformed TLS fingerprint '" + text + "': " + problem +
                               " (expected the SHA-256 as 32 hex pairs, like AB:CD:…:EF)");
}

int HexValue(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  return std::toupper(static_cast<unsigned char>(digit)) - 'A' + 10;
}

std::string Trim(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Keeps the hex digits, checking that colons, when used at all, separate every pair.
std::string HexDigitsOf(const std::string& pin) {
  bool colons = pin.find(':') != std::string::npos;
  const char* kColonRule = "colons must separate every pair of hex digits";
  if (colons && pin.size() % 3 == 0) throw MalformedFingerprint(pin, kColonRule);  // ends in ':'
  std::string hex;
  for (std::size_t i = 0; i < pin.size(); ++i) {
    char c = pin[i];
    if (colons && i % 3 == 2) {
      if (c != ':') throw MalformedFingerprint(pin, kColonRule);
      continue;
    }
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      throw MalformedFingerprint(pin, std::string("'") + c + "' is not a hex digit");
    }
    hex += c;
  }
  if (hex.size() != 2 * Sha256{}.size()) {
    throw MalformedFingerprint(pin, "got " + std::to_string(hex.size()) + " hex digits instead of 64");
  }
  return hex;
}

// Replaces OpenSSL's chain verification when a pin is set: the leaf certificate's DER digest is
// the whole trust decision, so a self-signed or renamed node certificate is accepted exactly
// when it is the pinned one. Returning 0 aborts the handshake before any request byte is sent.
int VerifyPinnedLeaf(X509_STORE_CTX* store, void* arg) {
  auto* pin = static_cast<PinCheck*>(arg);
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  Sha256 digest{};
  unsigned int length = 0;
  if (leaf == nullptr || X509_digest(leaf, EVP_sha256(), digest.data(), &length) != 1 || length != digest.size()) {
    X509_STORE_CTX_set_error(store, X509_V_ERR_UNSPECIFIED);
    return 0;
  }
  if (digest != pin->expected) {
    pin->rejected = digest;
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
    return 0;
  }
  return 1;
}

// CURLOPT_SSL_CTX_FUNCTION: curl calls it for every new TLS context, after its own setup.
CURLcode InstallPinCheck(CURL* /*curl*/, void* ssl_ctx, void* pin) {
  SSL_CTX_set_cert_verify_callback(static_cast<SSL_CTX*>(ssl_ctx), VerifyPinnedLeaf, pin);
  return CURLE_OK;
}

std::size_t AppendBody(char* data, std::size_t size, std::size_t count, void* response) {
  static_cast<Response*>(response)->body.append(data, size * count);
  return size * count;
}

// "HTTP/1.1 596 Connection timed out\r\n" → "Connection timed out".
std::string ReasonOf(std::string_view status_line) {
  auto code_start = status_line.find(' ');
  auto reason_start = code_start == std::string_view::npos ? code_start : status_line.find(' ', code_start + 1);
  if (reason_start == std::string_view::npos) return {};
  return Trim(std::string(status_line.substr(reason_start + 1)));
}

// PVE reports many errors only in the reason phrase, which curl does not keep, so the status
// lines are read as they pass. The last one wins (after a "100 Continue", say). The Date header
// is the server's clock: the one its tasks' start times are in.
std::size_t ReadHeaderLine(char* data, std::size_t size, std::size_t count, void* response) {
  std::string_view line(data, size * count);
  auto* answer = static_cast<Response*>(response);
  if (line.starts_with("HTTP/")) answer->reason = ReasonOf(line);
  if (line.size() > 5 && strncasecmp(line.data(), "Date:", 5) == 0) {
    time_t date = curl_getdate(Trim(std::string(line.substr(5))).c_str(), nullptr);
    answer->date = date > 0 ? date : 0;
  }
  return size * count;
}

Kind KindOf(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return Kind::Connect;
    case CURLE_OPERATION_TIMEDOUT:
      return Kind::Timeout;
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
      return Kind::Dropped;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
      return Kind::Tls;
    default:
      return Kind::Other;
  }
}

// A refused option would silently weaken or break the transport, so it is an error.
template <typename Value>
void SetOption(CURL* curl, CURLoption option, Value value) {
  CURLcode code = curl_easy_setopt(curl, option, value);
  if (code != CURLE_OK) {
    throw TransportError(Kind::Other,
                         "curl refused option " + std::to_string(option) + ": " + curl_easy_strerror(code));
  }
}

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistFree>;

HeaderList HeaderListOf(const std::map<std::string, std::string>& headers) {
  // "Expect:" suppresses curl's "Expect: 100-continue" on large bodies, which would cost a
  // round trip (or a one-second wait) for no benefit against pveproxy.
  HeaderList list(curl_slist_append(nullptr, "Expect:"));
  if (!list) throw std::bad_alloc();
  for (const auto& [name, value] : headers) {
    // "Name;" is curl's spelling of a header with an empty value ("Name:" would remove it).
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    // Appending to a non-empty list returns its unchanged head, or null when out of memory.
    if (curl_slist_append(list.get(), line.c_str()) == nullptr) throw std::bad_alloc();
  }
  return list;
}

void ApplyMethodAndBody(CURL* curl, const Request& request) {
  if (request.method == "GET") {
    SetOption(curl, CURLOPT_HTTPGET, 1L);
    return;
  }
  // POST always carries a body, if only an empty one; other methods send one only when given,
  // since even an empty body on DELETE (Content-Length: 0) can draw a 501 from PVE.
  if (request.method == "POST" || !request.body.empty()) {
    SetOption(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    SetOption(curl, CURLOPT_POSTFIELDS, request.body.c_str());
  }
  if (request.method != "POST") SetOption(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
}

// libcurl sends a request again, on a new connection, when the reused connection it went on
// closes before any answer (curl's Curl_retry_request). A write may have been done by then, so
// the second send is refused here: the pre-request callback runs before every send, and counts.
int AllowOneSend(void* sends, char*, char*, int, int) {
  return ++*static_cast<int*>(sends) == 1 ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
}

void SendWritesOnce(CURL* curl, const Request& request, int* sends) {
  *sends = 0;
  if (request.method == "GET") return;
  SetOption(curl, CURLOPT_PREREQFUNCTION, AllowOneSend);
  SetOption(curl, CURLOPT_PREREQDATA, static_cast<void*>(sends));
}

void ApplyTls(CURL* curl, const TlsTrust& trust, PinCheck* pin) {
  SetOption(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  // With a pin the certificate itself is the identity; PVE node certificates often lack the
  // name or address the panel uses, so the host name check would only get in the way.
  SetOption(curl, CURLOPT_SSL_VERIFYHOST, pin ? 0L : 2L);
  if (pin) {
    SetOption(curl, CURLOPT_SSL_CTX_FUNCTION, InstallPinCheck);
    SetOption(curl, CURLOPT_SSL_CTX_DATA, static_cast<void*>(pin));
    // The pin alone decides, so the system's CA bundle need not be read (about 0.6 MiB per run).
    SetOption(curl, CURLOPT_CAINFO, static_cast<const char*>(nullptr));
    SetOption(curl, CURLOPT_CAPATH, static_cast<const char*>(nullptr));
  }
  // Replaces curl's CA bundle file; the system CA directory (Debian: /etc/ssl/certs) stays.
  if (!trust.ca_pem.empty()) {
    curl_blob blob{const_cast<char*>(trust.ca_pem.data()), trust.ca_pem.size(), CURL_BLOB_COPY};
    SetOption(curl, CURLOPT_CAINFO_BLOB, &blob);
  }
}

// Everything that does not depend on the request; re-applied after each curl_easy_reset.
void ApplyTransport(CURL* curl, const Timeouts& timeouts, Schemes schemes, char* errors, Response* response) {
  SetOption(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts must not use SIGALRM in a panel process
  SetOption(curl, CURLOPT_PROTOCOLS_STR, schemes == Schemes::HttpsOnly ? "https" : "http,https");
  // HTTP/2 has no reason phrase, and PVE puts its error text there.
  SetOption(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  SetOption(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()));
  SetOption(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.total.count()));
  SetOption(curl, CURLOPT_ERRORBUFFER, errors);
  SetOption(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  SetOption(curl, CURLOPT_WRITEDATA, static_cast<void*>(response));
  SetOption(curl, CURLOPT_HEADERFUNCTION, ReadHeaderLine);
  SetOption(curl, CURLOPT_HEADERDATA, static_cast<void*>(response));
}

// curl's own text, never the request: its headers and body may carry tickets and passwords.
TransportError ErrorFor(CURLcode code, const char* errors, const PinCheck* pin) {
  if (pin && pin->rejected) {
    return TransportError(Kind::Tls, "TLS certificate fingerprint did not match: the server presented " +
                                         FormatFingerprint(*pin->rejected) + ", the pinned one is " +
                                         FormatFingerprint(pin->expected));
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    return TransportError(Kind::Dropped, "the connection closed before any answer, and the request is not sent again");
  }
  std::string text = errors[0] != '\0' ? errors : curl_easy_strerror(code);
  return TransportError(KindOf(code), text);
}

}  // namespace

struct CurlHttpClient::State {
  struct EasyFree {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  };

  std::unique_ptr<CURL, EasyFree> curl;
  TlsTrust trust;
  Timeouts timeouts;
  Schemes schemes = Schemes::HttpsOnly;
  std::optional<PinCheck> pin;
  int sends = 0;  // of the current request (SendWritesOnce)
  char errors[CURL_ERROR_SIZE] = {};
};

Sha256 ParseFingerprint(const std::string& text) {
  std::string hex = HexDigitsOf(Trim(text));
  Sha256 digest{};
  for (std::size_t i = 0; i < digest.size(); ++i) {
    digest[i] = static_cast<unsigned char>(HexValue(hex[2 * i]) * 16 + HexValue(hex[2 * i + 1]));
  }
  return digest;
}

std::string FormatFingerprint(const Sha256& digest) {
  static const char* kHex = "0123456789ABCDEF";
  std::string text;
  for (unsigned char byte : digest) {
    if (!text.empty()) text += ':';
    text += kHex[byte >> 4];
    text += kHex[byte & 15];
  }
  return text;
}

void CheckCaPem(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  X509* cert = bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  X509_free(cert);
  ERR_clear_error();  // leave no stale entry for curl to misreport later
  if (cert == nullptr) throw std::invalid_argument("TLS CA is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
}

CurlHttpClient::CurlHttpClient(TlsTrust trust, Timeouts timeouts, Schemes schemes) : state_(std::make_unique<State>()) {
  if (!trust.fingerprint.empty()) state_->pin = PinCheck{ParseFingerprint(trust.fingerprint), std::nullopt};
  if (!trust.ca_pem.empty()) CheckCaPem(trust.ca_pem);
  state_->trust = std::move(trust);
  state_->timeouts = timeouts;
  state_->schemes = schemes;
  state_->curl.reset(curl_easy_init());
  if (!state_->curl) throw TransportError(Kind::Other, "curl_easy_init failed");
}

CurlHttpClient::~CurlHttpClient() = default;

Response CurlHttpClient::Send(const Request& request) {
  State& state = *state_;
  CURL* curl = state.curl.get();
  // Options persist on a reused handle; starting from a reset one keeps a DELETE's custom
  // method or a POST's body from leaking into the next request. Open connections survive.
  curl_easy_reset(curl);
  Response response;
  ApplyTransport(curl, state.timeouts, state.schemes, state.errors, &response);
  PinCheck* pin = state.pin ? &*state.pin : nullptr;
  ApplyTls(curl, state.trust, pin);
  HeaderList headers = HeaderListOf(request.headers);
  SetOption(curl, CURLOPT_HTTPHEADER, headers.get());
  SetOption(curl, CURLOPT_URL, request.url.c_str());
  ApplyMethodAndBody(curl, request);
  SendWritesOnce(curl, request, &state.sends);

  state.errors[0] = '\0';
  if (pin) pin->rejected.reset();
  CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) throw ErrorFor(code, state.errors, pin);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace pm::http
