#include "core/log.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace pm::core;
namespace fs = std::filesystem;

TEST(Log, LevelComesFromDebugConf) {
  EXPECT_EQ(LevelFromDebugConf("", "pmproxmox"), 4);
  EXPECT_EQ(LevelFromDebugConf("pmproxmox.* 9\n", "pmproxmox"), 9);
  EXPECT_EQ(LevelFromDebugConf("* 2\npmproxmox.* 6\n* 1\n", "pmproxmox"), 6);
  EXPECT_EQ(LevelFromDebugConf("billmgr.* 9\n", "pmproxmox"), 4);
}

TEST(Log, MasksSecretsAndRespectsTheLevel) {
  fs::path root = fs::temp_directory_path() / ("pm-log-" + std::to_string(::getpid()));
  fs::create_directories(root / "var");
  fs::create_directories(root / "etc");
  std::ofstream(root / "etc/debug.conf") << "pmtest.* 5\n";
  {
    Log log("pmtest", root.string());
    log.Redact("hunter2");
    log.Info("login with password=hunter2 twice hunter2");
    log.Debug("this debug line is above level 5");
  }
  std::ifstream in(root / "var/pmtest.log");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find("hunter2"), std::string::npos);
  EXPECT_NE(text.str().find("password=*** twice ***"), std::string::npos);
  EXPECT_EQ(text.str().find("debug line"), std::string::npos);
  fs::remove_all(root);
}
