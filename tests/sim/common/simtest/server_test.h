#pragma once

#include <gtest/gtest.h>

#include <string>

#include "simcommon/sim_options.h"
#include "simtest/scratch_dir.h"

namespace simtest {

// A fresh simulator per test: options_ name the scratch directory (no ready file) and the
// suite's time scale; SetUp starts the server and TearDown stops it. A suite's fixture derives
// from it and does in Started() what every test needs next (a client logged in).
template <typename Server>
class ServerTest : public ::testing::Test {
 protected:
  ServerTest(const std::string& scratch_name, double time_scale) {
    options_.state_dir = ScratchDir(scratch_name);
    options_.time_scale = time_scale;
    options_.write_ready_file = false;
  }

  void SetUp() override { StartServer(); }
  void TearDown() override { server_.Stop(); }

  // (Re)starts the server with options_ (tests change them first).
  void StartServer() {
    server_.Stop();
    server_.Start(options_);
    Started();
  }
  virtual void Started() {}

  simcommon::SimOptions options_;
  Server server_;
};

}  // namespace simtest
