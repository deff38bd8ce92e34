#include "proxmox/vm_config.h"

#include <gtest/gtest.h>

using namespace pm::proxmox;

TEST(PropertyString, KeepsOrderAndUnknownKeys) {
  auto drive = PropertyString::Parse("local-lvm:vm-105-disk-0,iothread=1,size=32G,discard=on", "file");
  EXPECT_EQ(drive.Get("file"), "local-lvm:vm-105-disk-0");
  drive.Set("mbps_rd", "100");
  drive.Set("size", "40G");
  drive.Erase("discard");
  EXPECT_EQ(drive.Format(), "local-lvm:vm-105-disk-0,iothread=1,size=40G,mbps_rd=100");
}

TEST(NetDevice, KeepsTheMacAndRewritesTheRest) {
  auto net = NetDevice::Parse("virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1");
  EXPECT_EQ(net.model, "virtio");
  EXPECT_EQ(net.mac, "BC:24:11:AA:BB:CC");
  net.rest.Set("tag", "120");
  net.rest.Set("rate", FormatDecimal(12.5));
  EXPECT_EQ(net.Format(), "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1,tag=120,rate=12.5");
  auto spelled = NetDevice::Parse("model=e1000,macaddr=BC:24:11:00:00:01,bridge=vmbr1");
  EXPECT_EQ(spelled.Format(), "e1000=BC:24:11:00:00:01,bridge=vmbr1");
}

TEST(ParseSize, UnderstandsPveUnits) {
  EXPECT_EQ(ParseSize("32G"), 32ULL << 30);
  EXPECT_EQ(ParseSize("512M"), 512ULL << 20);
  EXPECT_EQ(ParseSize("1.5T"), 3ULL << 39);
  EXPECT_EQ(ParseSize("4096"), 4096u);
  EXPECT_FALSE(ParseSize("big"));
  EXPECT_FALSE(ParseSize(""));
  for (const char* absurd : {"inf", "nanG", "1e30T", "0x10G", " 5G", "-1G", "1e3G", ".5G", "5.G", "1.2.3G", "99999999999T"}) {
    EXPECT_FALSE(ParseSize(absurd)) << absurd;
  }
}

TEST(FormatDecimal, DropsTrailingZeros) {
  EXPECT_EQ(FormatDecimal(100), "100");
  EXPECT_EQ(FormatDecimal(12.5), "12.5");
  EXPECT_EQ(FormatDecimal(0.125), "0.125");
}
