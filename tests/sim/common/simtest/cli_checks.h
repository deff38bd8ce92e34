// What every simulator executable does on its command line (its README, "CLI"), checked the same
// way for each.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace simtest {

// Starts `binary --state-dir DIR [--seed FILE] args...` (the seed file holds `seed`, none when
// empty). Expects the line it prints once listening to be DIR/ready.json,
// {"fingerprint": "AB:…" (SHA-256), "port": N}; `use(port)` talks to it; SIGTERM ends it, exit 0.
void ExpectServesUntilSigterm(const std::string& binary, const std::filesystem::path& dir,
                              const std::string& seed, const std::vector<std::string>& args,
                              const std::function<void(int port)>& use);

// A seed it refuses: exit 1.
void ExpectRefusesSeed(const std::string& binary, const std::filesystem::path& dir,
                       const std::string& seed);

// A bad command line (no --state-dir, an unknown option, an option without its value, and
// `more` such lines): exit 2.
void ExpectRefusesCommandLine(const std::string& binary,
                              const std::vector<std::vector<std::string>>& more = {});

}  // namespace simtest
