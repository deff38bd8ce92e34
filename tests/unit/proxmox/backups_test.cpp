#include "proxmox/backups.h"

#include <gtest/gtest.h>

#include "proxmox/errors.h"
#include "scripted_http.h"

using namespace pm::proxmox;
using pm::test::ScriptedHttp;

namespace {

const std::string kBase = "https://pve1:8006/api2/json";
const std::string kVolid = "backup-nfs:backup/vzdump-qemu-100-2026_05_01-02_30_00.vma.zst";
const std::string kVolidInPath = "backup-nfs%3Abackup%2Fvzdump-qemu-100-2026_05_01-02_30_00.vma.zst";
const std::string kUpid = "UPID:pve2:0001A2B3:00C4D5E6:6650A1B2:vzdump:100:billing@pve!bm:";

class BackupsTest : public ::testing::Test {
 protected:
  ScriptedHttp http;
  Api api{http, kBase, std::make_unique<TokenAuth>("billing@pve!bm", "s"), [](auto) {}};
  Backups backups{api};
};

}  // namespace

TEST_F(BackupsTest, StartSendsVzdumpWithKeepAllAndTheNotesTemplate) {
  http.Expect("POST " + kBase + "/nodes/pve2/vzdump", ScriptedHttp::Ok("\"" + kUpid + "\""));
  auto upid = backups.Start({.node = "pve2", .vmid = 100, .storage = "backup-nfs",
                             .notes_template = "billmgr-pmproxmox module=3 item=42"});
  ASSERT_TRUE(upid);
  EXPECT_EQ(*upid, kUpid);
  ASSERT_EQ(http.sent.size(), 1u);
  EXPECT_EQ(http.sent[0].body,
            "vmid=100&storage=backup-nfs&mode=snapshot&compress=zstd&prune-backups=keep-all%3D1"
            "&notes-template=billmgr-pmproxmox%20module%3D3%20item%3D42");
}

TEST_F(BackupsTest, StartWithoutNotesSendsNoTemplate) {
  http.Expect("POST " + kBase + "/nodes/pve1/vzdump", ScriptedHttp::Ok("\"" + kUpid + "\""));
  backups.Start({.node = "pve1", .vmid = 101, .storage = "local", .mode = "stop", .compress = "0"});
  ASSERT_EQ(http.sent.size(), 1u);
  EXPECT_EQ(http.sent[0].body, "vmid=101&storage=local&mode=stop&compress=0&prune-backups=keep-all%3D1");
}

TEST_F(BackupsTest, StartIsNulloptWhenVzdumpStartedNothing) {
  // vzdump answers the string "OK" when none of the VMIDs lives on that node (notes §16).
  http.Expect("/vzdump", ScriptedHttp::Ok(R"("OK")"));
  EXPECT_EQ(backups.Start({.node = "pve1", .vmid = 100, .storage = "backup-nfs"}), std::nullopt);
}

TEST_F(BackupsTest, StartRefusedIsAnApiError) {
  http.Expect("/vzdump", ScriptedHttp::Fail(500, "can't use storage 'local-lvm' for backups - wrong content type"));
  try {
    backups.Start({.node = "pve1", .vmid = 100, .storage = "local-lvm"});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 500);
    EXPECT_STREQ(e.what(), "can't use storage 'local-lvm' for backups - wrong content type");
  }
}

TEST_F(BackupsTest, ListReadsEveryFieldAndToleratesMissingOnes) {
  http.Expect("GET " + kBase + "/nodes/pve1/storage/backup-nfs/content?content=backup",
              ScriptedHttp::Ok(R"([
    {"volid":")" + kVolid + R"(","format":"vma.zst","subtype":"qemu","vmid":100,
     "ctime":1777602600,"size":1234567,"notes":"nightly","protected":1,"content":"backup"},
    {"volid":"pbs:backup/vm/101/2026-05-01T02:30:00Z","format":"pbs-vm","vmid":"101",
     "ctime":"1777602600","size":1},
    {"volid":"backup-nfs:backup/renamed.vma","format":"vma","size":10},
    {"format":"vma","size":99}
  ])"));
  auto list = backups.List("pve1", "backup-nfs");
  ASSERT_EQ(list.size(), 3u) << "a row without a volid is skipped";
  EXPECT_EQ(list[0].volid, kVolid);
  EXPECT_EQ(list[0].storage, "backup-nfs");
  EXPECT_EQ(list[0].vmid, 100);
  EXPECT_EQ(list[0].ctime, 1777602600);
  EXPECT_EQ(list[0].size, 1234567u);
  EXPECT_EQ(list[0].notes, "nightly");
  EXPECT_TRUE(list[0].protected_copy);
  EXPECT_EQ(list[0].format, "vma.zst");
  EXPECT_EQ(list[1].storage, "pbs");
  EXPECT_EQ(list[1].vmid, 101) << "numbers given as strings are read too";
  EXPECT_EQ(list[1].ctime, 1777602600);
  EXPECT_EQ(list[1].notes, "");
  EXPECT_FALSE(list[1].protected_copy);
  EXPECT_EQ(list[1].format, "pbs-vm");
  EXPECT_EQ(list[2].vmid, 0);
  EXPECT_EQ(list[2].ctime, 0);
  EXPECT_EQ(list[2].size, 10u);
}

TEST_F(BackupsTest, ListOfOneVmAsksThatVmsOnly) {
  http.Expect("GET " + kBase + "/nodes/pve2/storage/local/content?content=backup&vmid=100", ScriptedHttp::Ok("[]"));
  EXPECT_TRUE(backups.List("pve2", "local", 100).empty());
  EXPECT_EQ(http.sent.size(), 1u);
}

TEST_F(BackupsTest, ListFailureIsAnApiError) {
  http.Expect("/content", ScriptedHttp::Fail(500, "storage 'nope' does not exist"));
  try {
    backups.List("pve1", "nope");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 500);
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
}

TEST_F(BackupsTest, SetNotesEncodesTheVolidInThePathAndAnyTextInTheForm) {
  http.Expect("PUT " + kBase + "/nodes/pve1/storage/backup-nfs/content/" + kVolidInPath, ScriptedHttp::Ok("null"));
  backups.SetNotes("pve1", kVolid, "Перед \"обновлением\"\n{{vmid}} & 100% 'ok'");
  ASSERT_EQ(http.sent.size(), 1u);
  EXPECT_EQ(http.sent[0].url, kBase + "/nodes/pve1/storage/backup-nfs/content/" + kVolidInPath);
  EXPECT_EQ(http.sent[0].headers.at("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(http.sent[0].body,
            "notes=%D0%9F%D0%B5%D1%80%D0%B5%D0%B4%20%22%D0%BE%D0%B1%D0%BD%D0%BE%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5"
            "%D0%BC%22%0A%7B%7Bvmid%7D%7D%20%26%20100%25%20%27ok%27");
}

TEST_F(BackupsTest, AVolumeWithoutStorageIsRefusedBeforeAnyRequest) {
  EXPECT_THROW(backups.SetNotes("pve1", "backup/vzdump-qemu-100.vma", "x"), std::invalid_argument);
  EXPECT_THROW(backups.DeleteAsync("pve1", "vzdump-qemu-100.vma"), std::invalid_argument);
  EXPECT_TRUE(http.sent.empty());
}

TEST_F(BackupsTest, DeleteReturnsTheImgdelUpid) {
  const std::string upid = "UPID:pve1:00000001:00000002:6650A1B2:imgdel:100@backup-nfs:billing@pve!bm:";
  http.Expect("DELETE " + kBase + "/nodes/pve1/storage/backup-nfs/content/" + kVolidInPath,
              ScriptedHttp::Ok("\"" + upid + "\""));
  EXPECT_EQ(backups.DeleteAsync("pve1", kVolid), upid);
  ASSERT_EQ(http.sent.size(), 1u);
  EXPECT_EQ(http.sent[0].url, kBase + "/nodes/pve1/storage/backup-nfs/content/" + kVolidInPath);
  EXPECT_EQ(http.sent[0].body, "");
}

TEST_F(BackupsTest, DeleteOfAProtectedBackupSurfacesPvesText) {
  http.Expect("DELETE", ScriptedHttp::Fail(500, "cannot remove protected volume"));
  EXPECT_THROW(backups.DeleteAsync("pve1", kVolid), ApiError);
}

TEST_F(BackupsTest, RestoreForcesTheArchiveOverTheVm) {
  const std::string upid = "UPID:pve1:00000001:00000002:6650A1B2:qmrestore:100:billing@pve!bm:";
  http.Expect("POST " + kBase + "/nodes/pve1/qemu", ScriptedHttp::Ok("\"" + upid + "\""));
  http.Expect("POST " + kBase + "/nodes/pve1/qemu", ScriptedHttp::Ok("\"" + upid + "\""));
  EXPECT_EQ(backups.RestoreAsync("pve1", 100, kVolid), upid);
  EXPECT_EQ(backups.RestoreAsync("pve1", 100, kVolid, "local-lvm"), upid);
  ASSERT_EQ(http.sent.size(), 2u);
  EXPECT_EQ(http.sent[0].url, kBase + "/nodes/pve1/qemu");
  EXPECT_EQ(http.sent[0].body, "vmid=100&archive=" + kVolidInPath + "&force=1");
  EXPECT_EQ(http.sent[1].body, "vmid=100&archive=" + kVolidInPath + "&force=1&storage=local-lvm");
}

TEST_F(BackupsTest, RestoreRefusedIsAnApiError) {
  http.Expect("/qemu", ScriptedHttp::Fail(500, "unable to restore VM 100 - VM is locked (backup)"));
  try {
    backups.RestoreAsync("pve1", 100, kVolid);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Locked);
    EXPECT_EQ(e.lock(), "backup");
  }
}

TEST(IsSafeNotesTemplate, OnlyPlainMarkersUpTo1024Characters) {
  EXPECT_TRUE(IsSafeNotesTemplate("billmgr-pmproxmox module=3 item=42"));
  EXPECT_TRUE(IsSafeNotesTemplate("a.b_c:d-E 0"));
  EXPECT_TRUE(IsSafeNotesTemplate(std::string(1024, 'x')));
  EXPECT_FALSE(IsSafeNotesTemplate(std::string(1025, 'x')));
  EXPECT_FALSE(IsSafeNotesTemplate(""));
  EXPECT_FALSE(IsSafeNotesTemplate("{{vmid}}"));
  EXPECT_FALSE(IsSafeNotesTemplate("a\\nb"));
  EXPECT_FALSE(IsSafeNotesTemplate("a\nb"));
  EXPECT_FALSE(IsSafeNotesTemplate("a\tb"));
  EXPECT_FALSE(IsSafeNotesTemplate("item=42,module=3"));
  EXPECT_FALSE(IsSafeNotesTemplate("копия"));
}

TEST(StorageOf, IsThePartBeforeTheColon) {
  EXPECT_EQ(StorageOf(kVolid), "backup-nfs");
  EXPECT_EQ(StorageOf("pbs:backup/vm/100/2026-05-01T02:30:00Z"), "pbs");
  EXPECT_EQ(StorageOf("backup/vzdump-qemu-100.vma"), "");
}

// The schema lets a volume DELETE answer null (done within the request): that is no error.
TEST_F(BackupsTest, ADeleteAnsweredWithNullWasDoneAtOnce) {
  http.Expect("DELETE " + kBase + "/nodes/pve1/storage/backup-nfs/content/" + kVolidInPath, ScriptedHttp::Ok("null"));
  EXPECT_EQ(backups.DeleteAsync("pve1", kVolid), std::nullopt);
  http.Expect("DELETE", ScriptedHttp::Ok("\"" + kUpid + "\""));
  EXPECT_EQ(backups.DeleteAsync("pve1", kVolid), kUpid);
  http.Expect("DELETE", ScriptedHttp::Ok("{\"odd\":1}"));
  EXPECT_THROW(backups.DeleteAsync("pve1", kVolid), UnexpectedAnswer);
}

TEST_F(BackupsTest, AnswersOfAnotherShapeAreUnexpectedNotAJsonError) {
  http.Expect("/content?", ScriptedHttp::Ok(R"({"not":"a list"})"));
  EXPECT_THROW(backups.List("pve1", "backup-nfs"), UnexpectedAnswer);
  http.Expect("/content?", ScriptedHttp::Ok("null"));
  EXPECT_TRUE(backups.List("pve1", "backup-nfs").empty()) << "no rows";
  http.Expect("POST " + kBase + "/nodes/pve1/qemu", ScriptedHttp::Ok("null"));
  EXPECT_THROW(backups.RestoreAsync("pve1", 100, kVolid), UnexpectedAnswer);
}
