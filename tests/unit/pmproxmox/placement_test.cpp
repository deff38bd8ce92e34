#include "pmproxmox/placement.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "pmproxmox/os_templates.h"

using namespace pm;
using proxmox::Guest;
using proxmox::NodeInfo;

namespace {

std::vector<Guest> Guests() {
  Guest debian1{9000, "pve1", "debian-12-cloud", "stopped", "", true};
  Guest debian2{9100, "pve2", "Debian 12 Cloud", "stopped", "", true};
  Guest alma{9002, "pve2", "almalinux-9-cloud", "stopped", "", true};
  Guest vm{105, "pve1", "debian-12-cloud", "running", "", false};
  return {debian1, debian2, alma, vm};
}

std::vector<NodeInfo> Nodes() {
  return {{"pve1", true, 64ULL << 30, 60ULL << 30}, {"pve2", true, 64ULL << 30, 8ULL << 30}, {"pve3", false, 1ULL << 40, 0}};
}

core::Service Ordering(const std::string& os) {
  core::Service service;
  service.params.Set("ostempl", os);
  return service;
}

}  // namespace

TEST(OsTemplates, OneStableNamePerTemplateName) {
  EXPECT_EQ(pmproxmox::TemplateIntname("Debian 12 Cloud"), "debian-12-cloud");
  auto published = pmproxmox::TemplatesOnCluster(Guests(), {});
  EXPECT_EQ(published.size(), 2u);  // both Debian copies are one OS; the VM is no template
  EXPECT_TRUE(published.count("almalinux-9-cloud"));
}

TEST(OsTemplates, ClientsReadTheDescriptionsFirstLineAndTheSlugStaysTheValue) {
  auto guests = Guests();
  std::map<int, std::string> descriptions = {{guests[1].vmid, "\n  Debian 12 (cloud image)  \nbuilt 2026-05-01"}};
  auto published = pmproxmox::TemplatesOnCluster(guests, descriptions);
  EXPECT_EQ(published.at("debian-12-cloud"), "Debian 12 (cloud image)") << "one described copy names the OS";
  EXPECT_EQ(published.at("almalinux-9-cloud"), guests[2].name) << "no description: the template's name";
  EXPECT_EQ(pmproxmox::TemplateLabel("Name", "billmgr-pmproxmox module=7 item=1\nReal text"), "Real text");
  EXPECT_EQ(pmproxmox::TemplateLabel("Name", " \n "), "Name");
}

TEST(ChoosePlacement, PrefersTheNodeWithMoreFreeMemory) {
  core::ModuleConfig module;
  auto placement = pmproxmox::ChoosePlacement(module, Ordering("debian-12-cloud"), Guests(), Nodes());
  EXPECT_EQ(placement.node, "pve2");
  EXPECT_EQ(placement.template_vmid, 9100);
}

TEST(ChoosePlacement, HonoursTheTariffsNodesAndStorageOverTheModule) {
  core::ModuleConfig module;
  module.params.Set("storage", "ceph");
  module.params.Set("node", "pve2");
  core::Service service = Ordering("debian-12-cloud");
  service.pricelist.Set("node", "pve1, pve3");
  service.pricelist.Set("storage", "local-lvm");
  auto placement = pmproxmox::ChoosePlacement(module, service, Guests(), Nodes());
  EXPECT_EQ(placement.node, "pve1");
  EXPECT_EQ(placement.storage, "local-lvm");
}

TEST(ChoosePlacement, TariffOverrideNamesTheTemplate) {
  core::ModuleConfig module;
  core::Service service = Ordering("debian-12-cloud");
  service.pricelist.Set("os_templates", "ubuntu=1\n debian-12-cloud = 9000 \n");
  EXPECT_EQ(pmproxmox::ChoosePlacement(module, service, Guests(), Nodes()).template_vmid, 9000);
  service.pricelist.Set("os_templates", "debian-12-cloud=latest");
  EXPECT_THROW(pmproxmox::ChoosePlacement(module, service, Guests(), Nodes()), core::Error);
}

TEST(ChoosePlacement, ExplainsWhenNothingFits) {
  core::ModuleConfig module;
  try {
    pmproxmox::ChoosePlacement(module, Ordering("windows-2022"), Guests(), Nodes());
    FAIL();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.type(), core::ErrorType::NotFound);
    EXPECT_EQ(e.object(), "ostempl");
  }
  core::Service service = Ordering("almalinux-9-cloud");
  service.pricelist.Set("node", "pve3");
  EXPECT_THROW(pmproxmox::ChoosePlacement(module, service, Guests(), Nodes()), core::Error);
}
