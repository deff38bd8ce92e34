// vm.edit create: the install, placement, presets, addresses and every refusal.
#include "support.h"

namespace vm5sim::testing {
namespace {

class VmCreateTest : public SimTest {};

TEST_F(VmCreateTest, TheVmInstallsForItsDurationThenRuns) {
  Response created = CreateVm();
  ASSERT_TRUE(created.Ok()) << created.raw;
  int id = std::stoi(*created.Field("id"));
  EXPECT_EQ(id, 102);
  Row row = *VmRow(id);
  EXPECT_TRUE(row.count("installos") && row.count("installing"));
  EXPECT_EQ(row["state"], "down");
  EXPECT_EQ(row["ip"], "203.0.113.11");
  EXPECT_EQ(row["hostnode"], "2");  // node1 already holds foreign1
  EXPECT_EQ(row["user"], "operator");
  EXPECT_EQ(admin_->Post("vm.edit", {{"elid", "102"}}).Field("osinstalled"), "off");
  server_.AdvanceClock(119);
  EXPECT_TRUE(VmRow(id)->count("installing"));
  server_.AdvanceClock(2);
  row = *VmRow(id);
  EXPECT_FALSE(row.count("installos") || row.count("installing"));
  EXPECT_EQ(row["state"], "running");
  EXPECT_EQ(admin_->Post("vm.edit", {{"elid", "102"}}).Field("osinstalled"), "on");
}

TEST_F(VmCreateTest, InstallDurationIsSeededAndScaled) {
  options_.seed = {{"install_seconds", 10}};
  options_.time_scale = 2;
  StartServer();
  int id = std::stoi(*CreateVm().Field("id"));
  server_.AdvanceClock(19);
  EXPECT_TRUE(VmRow(id)->count("installing"));
  server_.AdvanceClock(2);
  EXPECT_FALSE(VmRow(id)->count("installing"));
}

struct Refusal {
  Form overrides;
  std::string type;
  std::string object;
};

TEST_F(VmCreateTest, EachRefusalNamesItsObjectAndMakesNothing) {
  const std::vector<Refusal> refusals = {
      {{{"name", ""}}, "value", "name"},
      {{{"name", "foreign1"}}, "exists", "name"},
      {{{"user", ""}}, "value", "user"},
      {{{"user", "99"}}, "value", "user"},
      {{{"password", ""}}, "value", "password"},
      {{{"confirm", "other"}}, "value", "confirm"},
      {{{"vmi", ""}}, "value", "vmi"},
      {{{"vmi", "ISPsystem__FreeBSD-13-amd64"}}, "value", "vmi"},
      {{{"vmi", "Other__Debian-12-amd64"}}, "value", "vmi"},
      {{{"mem", "0"}}, "value", "mem"},
      {{{"vcpu", "-1"}}, "value", "vcpu"},
      {{{"vsize", "big"}}, "value", "vsize"},
      {{{"cputune", ""}}, "value", "cputune"},
      {{{"vsize", "3071"}}, "value", "vsize"},
      {{{"preset", "9"}}, "value", "preset"},
      {{{"recipe", "7"}}, "value", "recipe"},
      {{{"hostnode", "9"}}, "value", "hostnode"},
      {{{"vmi", "ISPsystem__CentOS-7-amd64"}, {"hostnode", "2"}}, "value", "vmi"},
      {{{"family", "ipv6"}}, "value", "family"},
      {{{"family", "special"}}, "value", "ip"},
      {{{"family", "special"}, {"ip", "198.51.100.20"}}, "value", "ip"},
      {{{"family", "special"}, {"ip", "203.0.113.300"}}, "value", "ip"},
      {{{"family", "special"}, {"ip", "203.0.113.10"}}, "exists", "ip"},
  };
  nlohmann::json before = server_.State();
  for (const Refusal& refusal : refusals) {
    Response response = CreateVm(refusal.overrides);
    EXPECT_EQ(response.ErrorType(), refusal.type) << response.raw;
    EXPECT_EQ(response.ErrorObject(), refusal.object) << response.raw;
    EXPECT_FALSE(response.Ok());
  }
  nlohmann::json after = server_.State();
  EXPECT_EQ(after["vms"], before["vms"]);
  EXPECT_EQ(after["ips"], before["ips"]);
  EXPECT_EQ(std::stoi(*CreateVm().Field("id")), 102);  // no id was used up
}

TEST_F(VmCreateTest, APresetSuppliesTheResources) {
  Response created =
      CreateVm({{"preset", "2"}, {"mem", ""}, {"vcpu", ""}, {"vsize", ""}, {"cputune", ""}});
  ASSERT_TRUE(created.Ok()) << created.raw;
  Row row = *VmRow(std::stoi(*created.Field("id")));
  EXPECT_EQ(row["mem"], "2048");
  EXPECT_EQ(row["vcpu"], "2");
  EXPECT_EQ(row["vsize"], "20480");
  EXPECT_EQ(row["cputune"], "2000");
}

TEST_F(VmCreateTest, AutoPlacementSkipsBlockedAndFullNodes) {
  options_.seed = {{"nodes",
                    {{{"id", 1}, {"name", "node1"}, {"vmlimit", 2}},
                     {{"id", 2}, {"name", "node2"}, {"blocked", true}},
                     {{"id", 3}, {"name", "node3"}, {"mem_mib", 1024}}}},
                   {"templates",
                    {{{"repo", "ISPsystem"},
                      {"osname", "Debian-12-amd64"},
                      {"mindisk", 3072},
                      {"nodes", {1, 2, 3}}}}}};
  StartServer();
  Response first = CreateVm({{"mem", "2048"}});
  ASSERT_TRUE(first.Ok()) << first.raw;
  EXPECT_EQ((*VmRow(std::stoi(*first.Field("id"))))["hostnode"], "1");  // node3 lacks the memory
  EXPECT_EQ(CreateVm({{"name", "vm2"}, {"mem", "2048"}}).ErrorObject(),
            "hostnode");  // node1 is full
  Response small = CreateVm({{"name", "vm3"}, {"mem", "1024"}});
  EXPECT_EQ((*VmRow(std::stoi(*small.Field("id"))))["hostnode"], "3");
  EXPECT_EQ(CreateVm({{"name", "vm4"}, {"hostnode", "2"}}).ErrorObject(), "hostnode");  // blocked
  EXPECT_EQ(admin_->Post("vm").Rows().size(), 3u);  // foreign1 (seeded on node1), vm1, vm3
}

TEST_F(VmCreateTest, AGivenNodeAndASpecialAddressAreUsed) {
  Response created = CreateVm({{"hostnode", "1"}, {"family", "special"}, {"ip", "203.0.113.40"}});
  ASSERT_TRUE(created.Ok()) << created.raw;
  Row row = *VmRow(std::stoi(*created.Field("id")));
  EXPECT_EQ(row["hostnode"], "1");
  EXPECT_EQ(row["ip"], "203.0.113.40");
  Response second = CreateVm({{"name", "vm2"}});
  EXPECT_EQ((*VmRow(std::stoi(*second.Field("id"))))["ip"], "203.0.113.11");
}

TEST_F(VmCreateTest, NoFreeAddressIsAValueError) {
  options_.seed = {{"ip_ranges", {"203.0.113.10-203.0.113.10"}}};
  StartServer();
  Response response = CreateVm();
  EXPECT_EQ(response.ErrorType(), "value");
  EXPECT_EQ(response.ErrorObject(), "family");
}

TEST_F(VmCreateTest, TheVmKeepsWhatItWasGiven) {
  ASSERT_TRUE(CreateVm({{"sshpubkey", "ssh-ed25519 AAAA test"}, {"recipe", "1"}}).Ok());
  nlohmann::json vm = *server_.VmState(102);
  EXPECT_EQ(vm["sshpubkey"], "ssh-ed25519 AAAA test");
  EXPECT_EQ(vm["recipe"], 1);
  EXPECT_EQ(vm["password_sha256"].get<std::string>().size(), 64u);
  EXPECT_NE(vm["password_sha256"], server_.VmState(101)->at("password_sha256"));
  EXPECT_EQ(server_.State().dump().find("Secret-123"), std::string::npos);
}

}  // namespace
}  // namespace vm5sim::testing
