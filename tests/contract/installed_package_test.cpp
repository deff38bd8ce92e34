// The module as its package installs it: packaging/check-packages.sh --installed-test runs this
// between `dpkg -i` and `dpkg -P` with PM_INSTALLED_ROOT (the installed /usr/local/mgr5) and
// PM_INSTALLED_MODULE; the module answers features, then opens and closes a service against the
// simulator, its state, key and log made in the installed tree.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

#include "harness.h"
#include "vm5_sim.h"
#include "vm6_sim.h"

namespace pm::contract {
namespace {

// Opens the service of `doc` and closes it again; `vms` counts the hypervisor's VMs of it.
void OpenAndClose(Panel& panel, const ServiceDoc& doc, const std::function<size_t()>& vms) {
  Result features = panel.Run({"--command", "features"}, "");
  EXPECT_TRUE(features.doc.select_node("/doc/features/feature[@name='open']")) << features.out;
  Result open = panel.Run({"--command", "open", "--item", "1001", "--module", "7"}, doc.Text());
  ASSERT_TRUE(open.ok()) << open.out << panel.Log();
  EXPECT_EQ(vms(), 1u);
  ServiceDoc opened = doc;
  for (const char* saved : {"vmid", "node"}) {
    if (!open.Value(saved).empty()) opened.params[saved] = open.Value(saved);
  }
  Result close = panel.Run({"--command", "close", "--item", "1001", "--module", "7"}, opened.Text());
  ASSERT_TRUE(close.ok()) << close.out << panel.Log();
  EXPECT_EQ(vms(), 0u);
}

TEST(InstalledPackage, ServesAServiceFromTheInstalledTree) {
  const char* root = std::getenv("PM_INSTALLED_ROOT");
  const char* module = std::getenv("PM_INSTALLED_MODULE");
  if (!root || !module) GTEST_SKIP() << "runs from packaging/check-packages.sh, on an installed package";
  Panel panel(module, InstalledTree{root});
  ServiceDoc doc;
  doc.params["email"] = "buyer@example.com";
  if (std::string(module) == "pmproxmox") {
    Simulator sim;
    doc.module_xml = ModuleXml(sim);
    OpenAndClose(panel, doc, [&] { return sim.Guests().size(); });
  } else if (std::string(module) == "pmvmmanager6") {
    Vm6Simulator sim;
    doc.module_xml = Vm6ModuleXml(sim);
    doc.params["ostempl"] = "ISPsystem__Debian 12";
    doc.addons = {{"ncpu", "2", ""}, {"mem", "2", "GiB"}, {"disc", "20", "GiB"}};
    OpenAndClose(panel, doc, [&] { return sim.Hosts("billmgr-pmvmmanager6").size(); });
  } else if (std::string(module) == "pmvmmanager5") {
    Vm5Simulator sim;
    doc.module_xml = Vm5ModuleXml(sim);
    doc.params["ostempl"] = "ISPsystem__Debian-12-amd64";
    doc.addons = {{"ncpu", "2", ""}, {"mem", "2", "GiB"}, {"disc", "20", "GiB"}};
    OpenAndClose(panel, doc, [&] { return sim.Vms("billmgr-pmvmmanager5").size(); });
  } else {
    FAIL() << "no installed-tree test for module " << module;
  }
}

}  // namespace
}  // namespace pm::contract
