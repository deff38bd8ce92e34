#include "core/mgrctl_panel.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

using namespace pm::core;
namespace fs = std::filesystem;

namespace {

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fake mgrctl that records its argv (one word a line) and the value of $PM_SECRET.
class MgrctlPanelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("pm-mgrctl-" + std::to_string(::getpid()));
    fs::create_directories(dir / "var");
    script = dir / "mgrctl";
    WriteScript("echo '<doc><ok/></doc>'");
  }
  void TearDown() override { fs::remove_all(dir); }

  void WriteScript(const std::string& answer) {
    std::ofstream(script) << "#!/bin/sh\nprintf '%s\\n' \"$@\" > " << (dir / "argv") << "\nprintf '%s' \"$PM_SECRET\" > "
                          << (dir / "secret") << "\n" << answer << "\n";
    chmod(script.c_str(), 0755);
  }

  fs::path dir, script;
};

}  // namespace

TEST_F(MgrctlPanelTest, PassesArgumentsAsAListWithSok) {
  Log log("pmtest", dir.string());
  MgrctlPanel panel(script.string(), log);
  panel.SaveParam(1001, "ip", "10.0.0.5; rm -rf /");
  EXPECT_EQ(Slurp(dir / "argv"),
            "-m\nbillmgr\n-o\nxml\nservice.saveparam\nelid=1001\nname=ip\nvalue=10.0.0.5; rm -rf /\nsok=ok\n");
}

TEST_F(MgrctlPanelTest, SecretGoesThroughTheEnvironmentOnly) {
  setenv("Q", "1", 1);  // shorter than PM_SECRET: Boost 1.74's environment lookup overran such entries
  setenv("PM_SECRET", "stale-from-outside", 1);
  Log log("pmtest", dir.string());
  MgrctlPanel panel(script.string(), log);
  panel.SaveSecretParam(1001, "password", "Sup3r$ecret");
  std::string argv = Slurp(dir / "argv");
  EXPECT_EQ(argv.find("Sup3r"), std::string::npos);
  EXPECT_NE(argv.find("-e\nvalue=$PM_SECRET\n"), std::string::npos);
  EXPECT_NE(argv.find("crypted=on"), std::string::npos);
  EXPECT_EQ(Slurp(dir / "secret"), "Sup3r$ecret");
  EXPECT_EQ(Slurp(dir / "var/pmtest.log").find("Sup3r"), std::string::npos);
  EXPECT_EQ(getenv("PM_SECRET"), nullptr) << "the secret does not outlive the call";
  panel.SaveParam(1001, "ip", "10.0.0.5");
  EXPECT_EQ(Slurp(dir / "secret"), "") << "no secret where the call has none";
}

TEST_F(MgrctlPanelTest, FailuresAreErrors) {
  Log log("pmtest", dir.string());
  MgrctlPanel panel(script.string(), log);
  WriteScript("echo '<doc><error type=\"access\"><msg>no such service</msg></error></doc>'");
  try {
    panel.PostCommand("open", 5);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no such service"), std::string::npos);
  }
  WriteScript("exit 3");
  EXPECT_THROW(panel.PostCommand("open", 5), Error);
  MgrctlPanel missing((dir / "nope").string(), log);
  EXPECT_THROW(missing.PostCommand("open", 5), Error);
}
