#include "vps/hostname.h"

#include <gtest/gtest.h>

using pm::vps::HostnameFor;

TEST(HostnameFor, ProducesAValidDnsName) {
  EXPECT_EQ(HostnameFor("Web Server_1.Example.com", 5), "web-server-1.example.com");
  EXPECT_EQ(HostnameFor("a-.b..c-", 5), "a.b.c");
  EXPECT_EQ(HostnameFor("", 1001), "vps-1001");
  EXPECT_EQ(HostnameFor("---", 1001), "vps-1001");
}
