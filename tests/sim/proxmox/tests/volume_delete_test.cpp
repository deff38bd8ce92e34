// DELETE /nodes/{node}/storage/{storage}/content/{volume}: the imgdel worker and `delay`.
#include <chrono>

#include "sim_test_support.h"

namespace pvesim::testing {

namespace {

constexpr const char* kArchive = "backup-nfs:backup/vzdump-qemu-100-2026_05_01-02_30_00.vma.zst";

std::string ContentPath(const std::string& volid) {
  return "/nodes/pve1/storage/backup-nfs/content/" + UrlEncode(volid);
}

}  // namespace

class VolumeDeleteTest : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    RestartWithBackup(kArchive, 100);
  }

  bool ArchiveExists() { return !server_.Volumes("backup-nfs", "pve1").empty(); }
};

TEST_F(VolumeDeleteTest, WithoutDelayTheAnswerIsTheImgdelUpid) {
  ApiResponse removed = api_->Delete(ContentPath(kArchive));
  ASSERT_EQ(removed.status, 200);
  std::string upid = removed.data();
  EXPECT_NE(upid.find(":imgdel:100@backup-nfs:billing@pve:"), std::string::npos) << upid;
  EXPECT_EQ(api_->WaitTask(upid), "OK");
  EXPECT_EQ(api_->TaskLog(upid).front(), std::string("Removed volume '") + kArchive + "'");
  EXPECT_FALSE(ArchiveExists());
}

TEST_F(VolumeDeleteTest, DelayAnswersNullWhenTheWorkerEndedInTime) {
  ApiResponse removed = api_->Delete(ContentPath(kArchive), {{"delay", "5"}});
  ASSERT_EQ(removed.status, 200);
  EXPECT_TRUE(removed.data().is_null());
  EXPECT_FALSE(ArchiveExists());
  nlohmann::json tasks = api_->Get("/nodes/pve1/tasks", {{"typefilter", "imgdel"}}).data();
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0]["status"], "OK");
}

TEST_F(VolumeDeleteTest, DelayAnswersTheUpidWhileTheWorkerStillRuns) {
  server_.AddFault({{"action", "task_hang"}, {"task_type", "imgdel"}});
  auto started = std::chrono::steady_clock::now();
  ApiResponse removed = api_->Delete(ContentPath(kArchive), {{"delay", "2"}});
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(removed.status, 200);
  ASSERT_TRUE(removed.data().is_string());
  std::string upid = removed.data();
  EXPECT_GE(waited, 2 * 0.05 * 0.9);
  EXPECT_EQ(api_->Get("/nodes/pve1/tasks/" + UrlEncode(upid) + "/status").data()["status"],
            "running");
  EXPECT_TRUE(ArchiveExists());
  EXPECT_EQ(api_->Delete("/nodes/pve1/tasks/" + UrlEncode(upid)).status, 200);
}

TEST_F(VolumeDeleteTest, DelayAnswersTheWorkersErrorWhenItFailedInTime) {
  ASSERT_EQ(api_->Put(ContentPath(kArchive), {{"protected", "1"}}).status, 200);
  ApiResponse refused = api_->Delete(ContentPath(kArchive), {{"delay", "5"}});
  EXPECT_EQ(refused.status, 500);
  EXPECT_EQ(refused.message(),
            "cannot remove protected volume "
            "'backup/vzdump-qemu-100-2026_05_01-02_30_00.vma.zst' on 'backup-nfs'\n");
  EXPECT_TRUE(ArchiveExists());
}

TEST_F(VolumeDeleteTest, AMissingFileIsAWarningAndAMissingVolumeNameStillNamesItsOwner) {
  std::string missing = "backup-nfs:backup/vzdump-qemu-123-2026_05_02-02_30_00.vma.zst";
  ApiResponse removed = api_->Delete(ContentPath(missing));
  ASSERT_EQ(removed.status, 200);
  std::string upid = removed.data();
  EXPECT_NE(upid.find(":imgdel:123@backup-nfs:"), std::string::npos) << upid;
  EXPECT_EQ(api_->WaitTask(upid), "WARNINGS: 1");
  std::vector<std::string> expected = {
      "WARN: disk image '/mnt/pve/backup-nfs/dump/vzdump-qemu-123-2026_05_02-02_30_00.vma.zst' "
      "does not exist",
      "Removed volume '" + missing + "'", "TASK WARNINGS: 1"};
  EXPECT_EQ(api_->TaskLog(upid), expected);
  // A warning is no error: with `delay` the answer is null.
  EXPECT_TRUE(api_->Delete(ContentPath(missing), {{"delay", "5"}}).data().is_null());
}

}  // namespace pvesim::testing
