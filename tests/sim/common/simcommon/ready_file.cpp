#include "simcommon/ready_file.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace simcommon {

std::string ReadyLine(int port, const std::string& fingerprint) {
  return nlohmann::json{{"port", port}, {"fingerprint", fingerprint}}.dump();  // keys sorted
}

void WriteReadyFile(const std::filesystem::path& dir, int port, const std::string& fingerprint) {
  auto tmp = dir / "ready.json.tmp";
  std::ofstream(tmp) << ReadyLine(port, fingerprint) << "\n";
  std::filesystem::rename(tmp, dir / "ready.json");
}

}  // namespace simcommon
