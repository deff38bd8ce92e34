// The provisioning flow: clone -> config -> resize -> start -> stop -> destroy, and the
// rules along the way.
#include <chrono>
#include <regex>
#include <thread>

#include "sim_test_support.h"

namespace pvesim::testing {

namespace {

bool Eventually(const std::function<bool()>& condition, double seconds = 2) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return condition();
}

std::string Mac(const std::string& net) {
  std::smatch match;
  std::regex_search(net, match, std::regex("=([0-9A-F:]{17})"));
  return match[1].str();
}

}  // namespace

TEST_F(SimTest, FullProvisioningFlow) {
  // Clone the template (linked by default), new VM holds lock 'clone' while the task runs.
  ApiResponse clone = api_->Post("/nodes/pve1/qemu/9000/clone",
                                 {{"newid", "100"}, {"name", "c100"}, {"full", "1"}});
  ASSERT_EQ(clone.status, 200);
  std::string upid = clone.data();
  EXPECT_TRUE(std::regex_match(
      upid,
      std::regex(R"(UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmclone:9000:billing@pve:)")));
  EXPECT_TRUE(Eventually([&] {
    auto vm = server_.VmState(100);
    return vm && vm->value("lock", "") == "clone";
  }));
  EXPECT_EQ(api_->WaitTask(upid), "OK");
  ApiResponse config = api_->Get("/nodes/pve1/qemu/100/config");
  ASSERT_EQ(config.status, 200);
  EXPECT_EQ(config.data()["name"], "c100");
  EXPECT_EQ(config.data()["scsi0"], "local-lvm:vm-100-disk-0,size=2G");
  EXPECT_EQ(config.data()["ide2"], "local-lvm:vm-100-cloudinit,media=cdrom");
  EXPECT_EQ(config.data()["memory"], "1024");
  EXPECT_FALSE(config.data().contains("template"));
  EXPECT_FALSE(config.data().contains("lock"));
  std::string mac = Mac(config.data()["net0"]);
  EXPECT_EQ(mac.rfind("BC:24:11:", 0), 0u);
  EXPECT_NE(mac, "BC:24:11:23:28:00");

  // Package parameters through the async config API.
  ApiResponse update =
      api_->Post("/nodes/pve1/qemu/100/config",
                 {{"cores", "2"},
                  {"memory", "4096"},
                  {"ciuser", "admin"},
                  {"cipassword", "s3cret"},
                  {"ipconfig0", "ip=10.0.0.5/24,gw=10.0.0.1"},
                  {"net0", "virtio=" + mac + ",bridge=vmbr0,tag=120,rate=12.5"},
                  {"scsi0", "local-lvm:vm-100-disk-0,size=2G,mbps_rd=100,iops_wr=500,discard=on"}});
  ASSERT_EQ(update.status, 200);
  EXPECT_EQ(api_->WaitTask(update.data()), "OK");
  config = api_->Get("/nodes/pve1/qemu/100/config");
  EXPECT_EQ(config.data()["cores"], 2);
  EXPECT_EQ(config.data()["memory"], "4096");
  EXPECT_EQ(config.data()["cipassword"], "**********");
  EXPECT_EQ(config.data()["net0"], "virtio=" + mac + ",bridge=vmbr0,rate=12.5,tag=120");
  EXPECT_EQ(config.data()["scsi0"],
            "local-lvm:vm-100-disk-0,discard=on,iops_wr=500,mbps_rd=100,size=2G");
  std::string stored = server_.VmState(100)->at("config")["cipassword"];
  EXPECT_EQ(stored.rfind("$5$", 0), 0u);

  // Resize relative, then a shrink attempt fails inside its task.
  ApiResponse resize =
      api_->Put("/nodes/pve1/qemu/100/resize", {{"disk", "scsi0"}, {"size", "+30G"}});
  ASSERT_EQ(resize.status, 200);
  EXPECT_EQ(api_->WaitTask(resize.data()), "OK");
  EXPECT_EQ(api_->Get("/nodes/pve1/qemu/100/config").data()["scsi0"],
            "local-lvm:vm-100-disk-0,discard=on,iops_wr=500,mbps_rd=100,size=32G");
  ApiResponse shrink =
      api_->Put("/nodes/pve1/qemu/100/resize", {{"disk", "scsi0"}, {"size", "10G"}});
  EXPECT_EQ(api_->WaitTask(shrink.data()), "shrinking disks is not supported");

  // Start, stop, destroy.
  EXPECT_EQ(api_->WaitTask(api_->Post("/nodes/pve1/qemu/100/status/start").data()), "OK");
  ApiResponse status = api_->Get("/nodes/pve1/qemu/100/status/current");
  EXPECT_EQ(status.data()["status"], "running");
  EXPECT_EQ(status.data()["maxdisk"], 32ull * 1024 * 1024 * 1024);
  ApiResponse destroy_running = api_->Delete("/nodes/pve1/qemu/100");
  EXPECT_EQ(destroy_running.status, 500);
  EXPECT_EQ(destroy_running.reason, "VM 100 is running - destroy failed");
  EXPECT_EQ(api_->WaitTask(api_->Post("/nodes/pve1/qemu/100/status/stop").data()), "OK");
  ApiResponse destroy =
      api_->Delete("/nodes/pve1/qemu/100", {{"purge", "1"}, {"destroy-unreferenced-disks", "1"}});
  ASSERT_EQ(destroy.status, 200);
  EXPECT_NE(std::string(destroy.data()).find(":qmdestroy:100:"), std::string::npos);
  EXPECT_EQ(api_->WaitTask(destroy.data()), "OK");
  EXPECT_FALSE(server_.VmState(100).has_value());
  for (const auto& volume : server_.Volumes("local-lvm", "pve1")) EXPECT_NE(volume["vmid"], 100);
}

TEST_F(SimTest, LinkedCloneSharesTheBaseVolume) {
  EXPECT_EQ(CloneTemplate(*api_, 101), "OK");
  auto config = api_->Get("/nodes/pve1/qemu/101/config").data();
  EXPECT_EQ(config["scsi0"], "local-lvm:base-9000-disk-0/vm-101-disk-0,size=2G");
  EXPECT_EQ(config["name"], "Copy-of-VM-debian-12-cloud");
  ApiResponse destroy_template = api_->Delete("/nodes/pve1/qemu/9000");
  EXPECT_EQ(api_->WaitTask(destroy_template.data()),
            "base volume 'local-lvm:base-9000-disk-0' is still in use by linked cloned");
}

TEST_F(SimTest, CloneRefusals) {
  EXPECT_EQ(CloneTemplate(*api_, 101), "OK");
  ApiResponse exists = api_->Post("/nodes/pve1/qemu/9000/clone", {{"newid", "101"}});
  EXPECT_EQ(exists.status, 500);
  EXPECT_EQ(exists.reason, "unable to create VM 101: config file already exists");
  ApiResponse storage =
      api_->Post("/nodes/pve1/qemu/9000/clone", {{"newid", "102"}, {"storage", "local-lvm"}});
  EXPECT_EQ(storage.reason, "parameter 'storage' not allowed for linked clones");
  ApiResponse no_images = api_->Post("/nodes/pve1/qemu/9000/clone",
                                     {{"newid", "102"}, {"full", "1"}, {"storage", "local"}});
  EXPECT_EQ(no_images.status, 400);
  EXPECT_EQ(no_images.error("storage"), "storage 'local' does not support vm images");
  ApiResponse local_target =
      api_->Post("/nodes/pve1/qemu/9000/clone", {{"newid", "102"}, {"target", "pve2"}});
  EXPECT_EQ(local_target.reason, "can't clone VM to node 'pve2' (VM uses local storage)");
  // A "template" whose disk is not a base volume cannot be linked-cloned.
  server_.AddVm({{"vmid", 9100},
                 {"node", "pve1"},
                 {"config", {{"template", 1}, {"scsi0", "local-lvm:vm-9100-disk-0,size=4G"}}}});
  ApiResponse linked = api_->Post("/nodes/pve1/qemu/9100/clone", {{"newid", "103"}});
  EXPECT_EQ(linked.reason,
            "Linked clone feature is not supported for 'local-lvm:vm-9100-disk-0' (scsi0)");
  ApiResponse wrong_node = api_->Post("/nodes/pve2/qemu/9000/clone", {{"newid", "104"}});
  EXPECT_EQ(wrong_node.reason,
            "Configuration file 'nodes/pve2/qemu-server/9000.conf' does not exist");
}

TEST_F(SimTest, ConfigRules) {
  EXPECT_EQ(CloneTemplate(*api_, 100, {{"full", "1"}}), "OK");
  ApiResponse nothing = api_->Put("/nodes/pve1/qemu/100/config");
  EXPECT_EQ(nothing.reason, "no options specified");
  ApiResponse digest =
      api_->Put("/nodes/pve1/qemu/100/config", {{"cores", "2"}, {"digest", "0123"}});
  EXPECT_EQ(digest.reason, "checksum mismatch (file change by other user?)");
  std::string current = api_->Get("/nodes/pve1/qemu/100/config").data()["digest"];
  EXPECT_EQ(api_->Put("/nodes/pve1/qemu/100/config", {{"cores", "2"}, {"digest", current}}).status,
            200);
  // A NIC without MAC gets a random one from the Proxmox range.
  ASSERT_EQ(api_->Put("/nodes/pve1/qemu/100/config", {{"net1", "virtio,bridge=vmbr1"}}).status,
            200);
  std::string net1 = api_->Get("/nodes/pve1/qemu/100/config").data()["net1"];
  EXPECT_TRUE(std::regex_match(net1, std::regex("virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr1")));
  // New disks are allocated on the storage; deleting them leaves unusedN.
  ASSERT_EQ(api_->Put("/nodes/pve1/qemu/100/config", {{"scsi1", "local-lvm:10,iothread=1"}}).status,
            200);
  auto config = api_->Get("/nodes/pve1/qemu/100/config").data();
  EXPECT_EQ(config["scsi1"], "local-lvm:vm-100-disk-1,iothread=1,size=10G");
  ASSERT_EQ(api_->Put("/nodes/pve1/qemu/100/config", {{"delete", "scsi1"}}).status, 200);
  config = api_->Get("/nodes/pve1/qemu/100/config").data();
  EXPECT_EQ(config["unused0"], "local-lvm:vm-100-disk-1");
  ASSERT_EQ(api_->Put("/nodes/pve1/qemu/100/config", {{"delete", "unused0"}}).status, 200);
  for (const auto& volume : server_.Volumes("local-lvm", "pve1")) {
    EXPECT_NE(volume["volid"], "local-lvm:vm-100-disk-1");
  }
  ApiResponse lock = api_->Put("/nodes/pve1/qemu/100/config", {{"lock", "backup"}});
  EXPECT_EQ(lock.reason, "only root can set 'lock' config");
  ApiResponse skiplock =
      api_->Put("/nodes/pve1/qemu/100/config", {{"cores", "1"}, {"skiplock", "1"}});
  EXPECT_EQ(skiplock.error("skiplock"), "Only root may use this option.");
  ApiResponse balloon = api_->Put("/nodes/pve1/qemu/100/config", {{"balloon", "4096"}});
  EXPECT_EQ(balloon.reason, "balloon value too large (must be smaller than assigned memory)");
}

TEST_F(SimTest, RunningVmKeepsNonHotpluggableChangesPending) {
  EXPECT_EQ(CloneTemplate(*api_, 100, {{"full", "1"}}), "OK");
  EXPECT_EQ(api_->WaitTask(api_->Post("/nodes/pve1/qemu/100/status/start").data()), "OK");
  ASSERT_EQ(api_->Put("/nodes/pve1/qemu/100/config",
                      {{"cores", "4"},
                       {"memory", "2048"},
                       {"name", "live"},
                       {"scsi0", "local-lvm:vm-100-disk-0,size=2G,mbps_wr=50"}})
                .status,
            200);
  auto current = api_->Get("/nodes/pve1/qemu/100/config", {{"current", "1"}}).data();
  EXPECT_EQ(current["cores"], 1);
  EXPECT_EQ(current["name"], "live");
  EXPECT_EQ(current["scsi0"], "local-lvm:vm-100-disk-0,mbps_wr=50,size=2G");
  EXPECT_EQ(api_->Get("/nodes/pve1/qemu/100/config").data()["cores"], 4);
  nlohmann::json pending = api_->Get("/nodes/pve1/qemu/100/pending").data();
  nlohmann::json cores;
  for (const auto& row : pending) {
    if (row["key"] == "cores") cores = row;
  }
  EXPECT_EQ(cores, (nlohmann::json{{"key", "cores"}, {"value", "1"}, {"pending", "4"}}));
  EXPECT_EQ(api_->WaitTask(api_->Post("/nodes/pve1/qemu/100/status/reboot").data()), "OK");
  EXPECT_EQ(api_->Get("/nodes/pve1/qemu/100/config", {{"current", "1"}}).data()["cores"], 4);
  EXPECT_EQ(api_->Get("/nodes/pve1/qemu/100/status/current").data()["status"], "running");
}

TEST_F(SimTest, CreateFromScratchAllocatesDisks) {
  ApiResponse create = api_->Post("/nodes/pve2/qemu", {{"vmid", "200"},
                                                       {"name", "fresh"},
                                                       {"scsi0", "local-lvm:8"},
                                                       {"ide2", "local-lvm:cloudinit"},
                                                       {"net0", "virtio,bridge=vmbr0"},
                                                       {"memory", "2048"},
                                                       {"scsihw", "virtio-scsi-single"}});
  ASSERT_EQ(create.status, 200);
  EXPECT_NE(std::string(create.data()).find(":qmcreate:200:"), std::string::npos);
  EXPECT_EQ(api_->WaitTask(create.data()), "OK");
  auto config = api_->Get("/nodes/pve2/qemu/200/config").data();
  EXPECT_EQ(config["scsi0"], "local-lvm:vm-200-disk-0,size=8G");
  EXPECT_EQ(config["ide2"], "local-lvm:vm-200-cloudinit,media=cdrom");
  EXPECT_EQ(config["boot"], "order=scsi0;net0");
  ApiResponse again = api_->Post("/nodes/pve1/qemu", {{"vmid", "200"}});
  EXPECT_EQ(again.reason, "unable to create VM 200 - VM 200 already exists on node 'pve2'");
  EXPECT_EQ(api_->Get("/cluster/nextid").data(), "100");
  EXPECT_EQ(api_->Get("/cluster/nextid", {{"vmid", "200"}}).error("vmid"), "VM 200 already exists");
}

TEST_F(SimTest, ClusterResourcesShowGuestsWithLocks) {
  server_.AddFault({{"action", "stuck_lock"}, {"vmid", 9001}, {"lock", "backup"}});
  auto rows = api_->Get("/cluster/resources", {{"type", "vm"}}).data();
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) {
    EXPECT_EQ(row["type"], "qemu");
    EXPECT_EQ(row["template"], 1);
    EXPECT_EQ(row["id"], "qemu/" + std::to_string(row["vmid"].get<int>()));
    if (row["vmid"] == 9001) {
      EXPECT_EQ(row["lock"], "backup");
    }
    if (row["vmid"] == 9002) {
      EXPECT_EQ(row["node"], "pve2");
    }
  }
  auto storages = api_->Get("/nodes/pve1/storage", {{"content", "backup"}}).data();
  ASSERT_EQ(storages.size(), 2u);
  EXPECT_EQ(storages[0]["storage"], "local");
  EXPECT_EQ(storages[0]["content"], "backup,iso,vztmpl");
  EXPECT_EQ(storages[1]["shared"], 1);
}

}  // namespace pvesim::testing
