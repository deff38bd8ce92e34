#include "pmproxmox/vm_spec.h"

#include <gtest/gtest.h>

#include <map>

using namespace pm::pmproxmox;

namespace {

// The config of a fresh clone of the simulator's / a typical cloud template.
nlohmann::json CloneConfig() {
  return nlohmann::json::parse(R"({
    "boot": "order=scsi0;net0", "cores": 1, "memory": "1024", "ostype": "l26",
    "scsi0": "local-lvm:vm-105-disk-0,iothread=1,size=2G",
    "ide2": "local-lvm:vm-105-cloudinit,media=cdrom",
    "net0": "virtio=BC:24:11:12:34:56,bridge=vmbr0", "description": "marker"})");
}

VmSpec Spec() {
  VmSpec spec;
  spec.package.cores = 2;
  spec.package.memory_mib = 2048;
  spec.package.disk_gib = 20;
  spec.hostname = "web1.example.com";
  spec.description = "marker";
  spec.bridge = "vmbr1";
  spec.vlan = 120;
  spec.mac = "BC:24:11:12:34:56";
  spec.storage = "local-lvm";
  return spec;
}

std::map<std::string, std::string> AsMap(const pm::proxmox::Params& params) {
  return {params.begin(), params.end()};
}

}  // namespace

TEST(PlanConfig, ShapesAFreshCloneToThePackage) {
  VmSpec spec = Spec();
  spec.package.disk2_gib = 10;
  spec.package.disk_mbps = 100;
  spec.package.disk_iops = 2000;
  spec.package.inbound_mbit = 200;
  spec.package.outbound_mbit = 100;  // Proxmox has one rate: the smaller, in MB/s
  spec.cloud_init = CloudInit{"root", "pw", "ssh-ed25519 AAAA+b/c= me@x\nssh-rsa BBBB other\n", "ip=10.0.0.5/24,gw=10.0.0.1", "1.1.1.1 8.8.8.8"};
  auto plan = PlanConfig(CloneConfig(), spec);
  auto changes = AsMap(plan.changes);
  EXPECT_EQ(changes["cores"], "2");
  EXPECT_EQ(changes["memory"], "2048");
  EXPECT_EQ(changes["name"], "web1.example.com");
  EXPECT_EQ(changes["onboot"], "1");
  EXPECT_EQ(changes["net0"], "virtio=BC:24:11:12:34:56,bridge=vmbr1,tag=120,rate=12.5");
  EXPECT_EQ(changes["scsi0"], "local-lvm:vm-105-disk-0,iothread=1,size=2G,mbps_rd=100,mbps_wr=100,iops_rd=2000,iops_wr=2000");
  EXPECT_EQ(changes["scsi1"], "local-lvm:10,mbps_rd=100,mbps_wr=100,iops_rd=2000,iops_wr=2000");
  EXPECT_EQ(changes["sshkeys"], "ssh-ed25519%20AAAA%2Bb%2Fc%3D%20me%40x%0Assh-rsa%20BBBB%20other");
  EXPECT_EQ(changes["ipconfig0"], "ip=10.0.0.5/24,gw=10.0.0.1");
  EXPECT_EQ(changes["cipassword"], "pw");
  EXPECT_EQ(changes.count("description"), 0u);
  ASSERT_EQ(plan.grow.size(), 1u);
  EXPECT_EQ(plan.grow[0], std::make_pair(std::string("scsi0"), std::uint64_t{20}));
}

TEST(PlanConfig, SendsNothingWhenTheVmAlreadyMatches) {
  auto config = CloneConfig();
  config["cores"] = 2;
  config["memory"] = "current=2048";
  config["name"] = "web1.example.com";
  config["onboot"] = 1;
  config["net0"] = "virtio=BC:24:11:12:34:56,bridge=vmbr1,tag=120";
  config["scsi0"] = "local-lvm:vm-105-disk-0,iothread=1,size=20G";
  auto plan = PlanConfig(config, Spec());
  EXPECT_TRUE(plan.changes.empty()) << plan.changes.front().first;
  EXPECT_TRUE(plan.grow.empty());
}

TEST(PlanConfig, RemovesLimitsTheNewPackageDropsAndNeverShrinks) {
  auto config = CloneConfig();
  config["scsi0"] = "local-lvm:vm-105-disk-0,size=40G,mbps_rd=50,mbps_wr=50";
  config["net0"] = "virtio=BC:24:11:12:34:56,bridge=vmbr1,tag=120,rate=5";
  config["scsi1"] = "local-lvm:vm-105-disk-1,size=10G";
  auto plan = PlanConfig(config, Spec());
  auto changes = AsMap(plan.changes);
  EXPECT_EQ(changes["scsi0"], "local-lvm:vm-105-disk-0,size=40G");
  EXPECT_EQ(changes["net0"], "virtio=BC:24:11:12:34:56,bridge=vmbr1,tag=120");
  EXPECT_TRUE(plan.grow.empty());
  ASSERT_EQ(plan.notes.size(), 2u);  // disk larger than the package; scsi1 kept
}

TEST(PlanConfig, KeepsTheServicesMacWhatEverTheVmHasNow) {
  auto config = CloneConfig();
  config["net0"] = "virtio=BC:24:11:99:99:99,bridge=vmbr0";  // e.g. after a restore with unique=1
  auto changes = AsMap(PlanConfig(config, Spec()).changes);
  EXPECT_EQ(changes["net0"], "virtio=BC:24:11:12:34:56,bridge=vmbr1,tag=120");
}

TEST(SystemDisk, FollowsTheBootOrderAndSkipsCdroms) {
  EXPECT_EQ(SystemDisk(CloneConfig()), "scsi0");
  auto config = nlohmann::json::parse(R"({"boot":"order=ide2;virtio0","ide2":"none,media=cdrom","virtio0":"x:1"})");
  EXPECT_EQ(SystemDisk(config), "virtio0");
  EXPECT_EQ(AdditionalDisk("virtio0"), "virtio1");
}


TEST(PlanConfig, LowersABalloonAboveTheNewMemory) {
  auto config = CloneConfig();
  config["balloon"] = 4096;
  VmSpec spec = Spec();
  auto changes = AsMap(PlanConfig(config, spec).changes);
  EXPECT_EQ(changes["balloon"], "2048");
  config["balloon"] = 1024;
  EXPECT_EQ(AsMap(PlanConfig(config, spec).changes).count("balloon"), 0u);
}

TEST(NetRateMBps, TheSmallerPaidRateInMegabytesPerSecond) {
  pm::vps::Package package;
  EXPECT_FALSE(NetRateMBps(package));
  package.outbound_mbit = 100;
  EXPECT_DOUBLE_EQ(*NetRateMBps(package), 12.5);
  package.inbound_mbit = 40;
  EXPECT_DOUBLE_EQ(*NetRateMBps(package), 5);
}
