#include "panel_database.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/base64.h"

namespace pm::test {
namespace {

namespace fs = std::filesystem;

std::string ServerDir() {
  const char* dir = std::getenv("PM_TEST_MARIADB_DIR");
  return dir && *dir ? dir : PM_BINARY_DIR "/mariadb";
}

// Starts the tests' server unless it runs (the CTest fixture normally did); the script serialises.
void EnsureServer(const std::string& dir) {
  std::string command = "bash '" PM_SOURCE_DIR "/tests/support/mariadb.sh' start '" + dir + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot start the tests' MariaDB in " + dir);
}

std::vector<std::string> Statements(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("--", 0) != 0) text << line << "\n";
  }
  std::vector<std::string> statements;
  std::string statement;
  while (std::getline(text, statement, ';')) {
    if (statement.find_first_not_of(" \n") != std::string::npos) statements.push_back(statement);
  }
  return statements;
}

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct ContextFree {
  void operator()(EVP_PKEY_CTX* context) const { EVP_PKEY_CTX_free(context); }
};

std::string NewKeyPem() {
  std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_RSA_gen(2048));
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!key || !bio || !PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
    throw std::runtime_error("cannot make an RSA key");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

PanelDatabase::PanelDatabase() {
  static std::atomic<int> counter{0};
  std::string dir = ServerDir();
  EnsureServer(dir);
  socket_ = dir + "/mysqld.sock";
  name_ = "billmgr_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  password_ = "db-Secret-" + std::to_string(getpid());
  paneldb::DbSettings root;
  root.socket = socket_;
  root.user = "root";
  root.name = "mysql";
  admin_ = std::make_unique<paneldb::Database>(root);
  admin_->Query("DROP DATABASE IF EXISTS " + name_);
  admin_->Query("CREATE DATABASE " + name_ + " CHARACTER SET utf8mb4");
  admin_->Query("CREATE OR REPLACE USER '" + name_ + "'@'localhost' IDENTIFIED BY '" + password_ + "'");
  admin_->Query("GRANT SELECT ON " + name_ + ".* TO '" + name_ + "'@'localhost'");  // modules only read
  root.name = name_;
  db_ = std::make_unique<paneldb::Database>(root);
  for (const auto& statement : Statements(PM_SOURCE_DIR "/tests/support/billmgr-schema.sql")) db_->Query(statement);
  key_pem_ = NewKeyPem();
}

PanelDatabase::~PanelDatabase() {
  db_.reset();
  try {
    admin_->Query("DROP DATABASE IF EXISTS " + name_);
    admin_->Query("DROP USER IF EXISTS '" + name_ + "'@'localhost'");
  } catch (...) {  // the server may be gone already; the datadir is the build's
  }
}

void PanelDatabase::Exec(const std::string& sql, const std::vector<std::string>& params) { db_->Query(sql, params); }

std::vector<paneldb::Row> PanelDatabase::Query(const std::string& sql, const std::vector<std::string>& params) {
  return db_->Query(sql, params);
}

std::string PanelDatabase::Encrypt(const std::string& plain) const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(key_pem_.data(), static_cast<int>(key_pem_.size())));
  std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  std::unique_ptr<EVP_PKEY_CTX, ContextFree> context(EVP_PKEY_CTX_new(key.get(), nullptr));
  size_t length = 0;
  auto in = reinterpret_cast<const unsigned char*>(plain.data());
  if (!context || EVP_PKEY_encrypt_init(context.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_encrypt(context.get(), nullptr, &length, in, plain.size()) <= 0) {
    throw std::runtime_error("cannot encrypt");
  }
  std::string cipher(length, '\0');
  if (EVP_PKEY_encrypt(context.get(), reinterpret_cast<unsigned char*>(cipher.data()), &length, in, plain.size()) <= 0) {
    throw std::runtime_error("cannot encrypt");
  }
  cipher.resize(length);
  return core::Base64Encode(cipher);
}

std::string PanelDatabase::Install(const std::filesystem::path& mgr_root) const {
  fs::create_directories(mgr_root / "etc");
  std::ofstream(mgr_root / "etc/billmgr.pem") << key_pem_;
  fs::permissions(mgr_root / "etc/billmgr.pem", fs::perms::owner_read | fs::perms::owner_write);
  return "<doc><elem><DBHost>localhost</DBHost></elem><elem><DBUser>" + name_ + "</DBUser></elem><elem><DBPassword>" +
         password_ + "</DBPassword></elem><elem><DBName>" + name_ + "</DBName></elem><elem><DBSocket>" + socket_ +
         "</DBSocket></elem><elem><CryptKey>etc/billmgr.pem</CryptKey></elem></doc>";
}

}  // namespace pm::test
