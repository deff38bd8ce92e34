// How a started simulator says where it listens: one line {"fingerprint":"AB:CD:...","port":N},
// printed on stdout by the executable and written to <state_dir>/ready.json, so that a
// black-box suite can wait for either.
#pragma once

#include <filesystem>
#include <string>

namespace simcommon {

std::string ReadyLine(int port, const std::string& fingerprint);

// Written under a temporary name and renamed into place: a reader polling for the file never
// sees half of it.
void WriteReadyFile(const std::filesystem::path& dir, int port, const std::string& fingerprint);

}  // namespace simcommon
