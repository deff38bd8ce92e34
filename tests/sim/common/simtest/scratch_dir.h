#pragma once

#include <string>

namespace simtest {

// A per-process scratch directory, <temp>/<name>-test-<pid> (certificates are generated once per
// test binary run), created on demand and removed when the test program ends.
std::string ScratchDir(const std::string& name);

}  // namespace simtest
