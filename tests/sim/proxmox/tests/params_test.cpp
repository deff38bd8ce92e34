// Request parsing and parameter verification as PVE's JSON schema does it.
#include "pvesim/params.h"

#include "pvesim/qemu_schema.h"
#include "sim_test_support.h"

namespace pvesim::testing {

TEST_F(SimTest, UnknownParameterIsRejected) {
  ApiResponse response = api_->Put("/nodes/pve1/qemu/9000/config", {{"foo", "1"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.reason, "Parameter verification failed.");
  EXPECT_EQ(response.message(), "Parameter verification failed.\n");
  EXPECT_EQ(
      response.error("foo"),
      "property is not defined in schema and the schema does not allow additional properties");
}

TEST_F(SimTest, MissingRequiredParameterIsRejected) {
  ApiResponse response = api_->Post("/nodes/pve1/qemu/9000/clone", {});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.error("newid"), "property is missing and it is not optional");
}

TEST_F(SimTest, TypeEnumAndRangeErrorsNameTheParameter) {
  ApiResponse response =
      api_->Put("/nodes/pve1/qemu/9000/config",
                {{"cores", "abc"}, {"ostype", "x"}, {"sockets", "0"}, {"onboot", "yes"}});
  ASSERT_EQ(response.status, 400);
  EXPECT_EQ(response.error("cores"), "type check ('integer') failed - got 'abc'");
  EXPECT_EQ(response.error("ostype"),
            "value 'x' does not have a value in the enumeration 'other, wxp, w2k, w2k3, w2k8, "
            "wvista, win7, win8, win10, win11, l24, l26, solaris'");
  EXPECT_EQ(response.error("sockets"), "value must have a minimum value of 1");
  EXPECT_EQ(response.error("onboot"), "type check ('boolean') failed - got 'yes'");
}

TEST_F(SimTest, PropertyStringErrorsCarryTheSubkey) {
  ApiResponse response =
      api_->Put("/nodes/pve1/qemu/9000/config",
                {{"net0", "virtio,bridge=vmbr0,tag=5000"}, {"scsi1", "local-lvm:2,foo=1"}});
  ASSERT_EQ(response.status, 400);
  EXPECT_EQ(response.error("net0"),
            "invalid format - format error\nnet0.tag: value must have a maximum value of 4094\n");
  EXPECT_EQ(response.error("scsi1"),
            "invalid format - invalid key in comma-separated list property: foo\n");
}

TEST_F(SimTest, SshKeysMustBeUrlEncoded) {
  ApiResponse plus = api_->Put("/nodes/pve1/qemu/9000/config", {{"sshkeys", "ssh-ed25519+AAAA"}});
  ASSERT_EQ(plus.status, 400);
  EXPECT_EQ(plus.error("sshkeys"),
            "invalid format - invalid urlencoded string: ssh-ed25519+AAAA\n");
  ApiResponse ok =
      api_->Put("/nodes/pve1/qemu/9000/config",
                {{"sshkeys", "ssh-ed25519%20AAAAC3NzaC1lZDI1NTE5AAAAIGx0x0x0x0x%20me%40host"}});
  EXPECT_EQ(ok.status, 200);
  ApiResponse garbage = api_->Put("/nodes/pve1/qemu/9000/config", {{"sshkeys", "not-a-key"}});
  EXPECT_EQ(garbage.status, 500);
  EXPECT_EQ(garbage.reason, "SSH public key validation error");
}

TEST_F(SimTest, JsonBodiesAreAcceptedWithTypedValues) {
  ApiResponse response =
      api_->Send("PUT", "/api2/json/nodes/pve1/qemu/9000/config",
                 R"({"cores": 2, "onboot": true, "description": "json"})", "application/json");
  EXPECT_EQ(response.status, 200);
  ApiResponse config = api_->Get("/nodes/pve1/qemu/9000/config");
  EXPECT_EQ(config.data()["cores"], 2);
  EXPECT_EQ(config.data()["onboot"], 1);
  ApiResponse wrong = api_->Send("PUT", "/api2/json/nodes/pve1/qemu/9000/config",
                                 R"({"cores": true})", "application/json");
  EXPECT_EQ(wrong.error("cores"), "type check ('integer') failed - got JSON::PP::Boolean");
}

TEST_F(SimTest, QueryParametersOverrideTheBody) {
  ApiResponse response = api_->Send("PUT", "/api2/json/nodes/pve1/qemu/9000/config?cores=3",
                                    "cores=2", "application/x-www-form-urlencoded");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(api_->Get("/nodes/pve1/qemu/9000/config").data()["cores"], 3);
}

TEST_F(SimTest, RepeatedFormKeysBecomeAList) {
  ApiResponse response = api_->Send("PUT", "/api2/json/nodes/pve1/qemu/9000/config",
                                    "cores=2&cores=3", "application/x-www-form-urlencoded");
  EXPECT_EQ(response.error("cores"), "type check ('integer') failed - got ARRAY");
}

TEST_F(SimTest, BodiesOnGetAndDeleteAreRejected) {
  ApiResponse response = api_->Send("DELETE", "/api2/json/nodes/pve1/qemu/9000", "purge=1",
                                    "application/x-www-form-urlencoded");
  EXPECT_EQ(response.status, 501);
  EXPECT_EQ(response.reason, "Unexpected content for method 'DELETE'");
  // pveproxy's error() writes the text into the body as well (libpve-http-server-perl 5.2).
  EXPECT_EQ(response.raw, "Unexpected content for method 'DELETE'");
  EXPECT_EQ(response.header("Content-Type"), "");
  EXPECT_TRUE(server_.VmState(9000).has_value());
}

TEST_F(SimTest, UnknownPathsAreNotImplemented) {
  ApiResponse response = api_->Get("/nodes/pve1/foo");
  EXPECT_EQ(response.status, 501);
  EXPECT_EQ(response.reason, "Method 'GET /nodes/pve1/foo' not implemented");
  EXPECT_EQ(response.message(), "Method 'GET /nodes/pve1/foo' not implemented");
}

TEST_F(SimTest, UriParametersAreValidatedAndMayNotConflict) {
  ApiResponse bad = api_->Get("/nodes/pve1/qemu/abc/config");
  EXPECT_EQ(bad.error("vmid"), "type check ('integer') failed - got 'abc'");
  ApiResponse conflict =
      api_->Put("/nodes/pve1/qemu/9000/config", {{"vmid", "9001"}, {"cores", "2"}});
  EXPECT_EQ(conflict.error("vmid"),
            "duplicate parameter (already defined in URI) with conflicting values!");
}

TEST_F(SimTest, WrongNodeMeansTheConfigFileDoesNotExist) {
  ApiResponse response = api_->Get("/nodes/pve2/qemu/9000/config");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.message(),
            "Configuration file 'nodes/pve2/qemu-server/9000.conf' does not exist\n");
  ApiResponse unknown = api_->Get("/nodes/pve9/qemu");
  EXPECT_EQ(unknown.status, 500);
  EXPECT_EQ(unknown.reason, "no such cluster node 'pve9'");
}

TEST(PropertyString, ParsesAliasesAndPrintsCanonically) {
  PropertyMap net =
      ParseProperty(NetFormat(), "bridge=vmbr0,virtio=BC:24:11:00:00:01,firewall=on", "net0");
  EXPECT_EQ(net.at("model"), "virtio");
  EXPECT_EQ(net.at("macaddr"), "BC:24:11:00:00:01");
  EXPECT_EQ(net.at("firewall"), "1");
  EXPECT_EQ(PrintProperty(NetFormat(), net), "virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1");
  PropertyMap drive =
      ParseProperty(DriveFormat("scsi"), "volume=local-lvm:vm-1-disk-0,size=2048M", "scsi0");
  EXPECT_EQ(PrintProperty(DriveFormat("scsi"), drive), "local-lvm:vm-1-disk-0,size=2G");
}

TEST(PropertyString, RejectsWhatPveRejects) {
  EXPECT_THROW(ParseProperty(NetFormat(), "virtio,e1000", "net0"), PropertyError);
  EXPECT_THROW(ParseProperty(DriveFormat("sata"), "local-lvm:1,iothread=1", "sata0"),
               PropertyError);
  try {
    ParseProperty(NetFormat(), "bridge=vmbr0", "net0");
    FAIL();
  } catch (const PropertyError& e) {
    EXPECT_STREQ(e.what(),
                 "format error\nnet0.model: property is missing and it is not optional\n");
  }
  try {
    ParseProperty(PruneBackupsFormat(), "keep-all=1,keep-last=2", "prune-backups");
    FAIL();
  } catch (const PropertyError& e) {
    EXPECT_STREQ(e.what(), "keep-all cannot be set together with other options.\n");
  }
}

}  // namespace pvesim::testing
