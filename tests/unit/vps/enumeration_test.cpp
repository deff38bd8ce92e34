// A module's values in a panel enumeration follow what the hypervisor has, touch nothing of
// other modules, and cost no changing call when nothing differs.
#include <gtest/gtest.h>

#include "recording_panel.h"
#include "vps/enumeration.h"

namespace pm::vps {
namespace {

const Enumeration kSchedules{"backup_schedule", "Backup schedule"};

size_t Changing(const test::RecordingPanel& panel) {
  size_t n = 0;
  for (const auto& call : panel.calls) n += call.func != "enumeration" && call.func != "enumerationitem";
  return n;
}

TEST(Enumeration, CreatedWhenAbsentThenFilled) {
  test::RecordingPanel panel;
  panel.answers["enumeration"] = "<doc><elem><id>3</id><intname>os_family</intname><name>x</name></elem></doc>";
  panel.answers["enumeration.edit"] = "<doc><ok/><id>9</id></doc>";
  panel.answers["enumerationitem"] = "<doc/>";
  auto changes = PublishEnumeration(panel, kSchedules, "vm6_1_", {{"vm6_1_4", "[Cluster A] Nightly"}});
  EXPECT_EQ(changes.added, (std::vector<std::string>{"vm6_1_4"}));
  auto created = panel.Named("enumeration.edit");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].Arg("intname"), "backup_schedule");
  EXPECT_EQ(created[0].Arg("name"), "Backup schedule");
  auto item = panel.Named("enumerationitem.edit");
  ASSERT_EQ(item.size(), 1u);
  EXPECT_EQ(item[0].Arg("plid"), "9");
  EXPECT_EQ(item[0].Arg("intname"), "vm6_1_4");
  EXPECT_EQ(item[0].Arg("name"), "[Cluster A] Nightly");
}

TEST(Enumeration, RenamesAndDeletesOnlyTheModulesOwnValues) {
  test::RecordingPanel panel;
  panel.answers["enumeration"] = "<doc><elem><id>9</id><intname>backup_schedule</intname><name>B</name></elem></doc>";
  panel.answers["enumerationitem"] =
      "<doc><elem><id>20</id><intname>vm6_1_4</intname><name>[Cluster A] Old</name></elem>"
      "<elem><id>21</id><intname>vm6_1_5</intname><name>[Cluster A] Gone</name></elem>"
      "<elem><id>22</id><intname>vm6_12_5</intname><name>other module</name></elem>"
      "<elem><id>23</id><intname>manual</intname><name>admin's own</name></elem></doc>";
  auto changes = PublishEnumeration(panel, kSchedules, "vm6_1_", {{"vm6_1_4", "[Cluster A] New"}});
  EXPECT_EQ(changes.renamed, (std::vector<std::string>{"vm6_1_4"}));
  EXPECT_EQ(changes.removed, (std::vector<std::string>{"vm6_1_5"}));
  auto renamed = panel.Named("enumerationitem.edit");
  ASSERT_EQ(renamed.size(), 1u);
  EXPECT_EQ(renamed[0].Arg("elid"), "20");
  EXPECT_EQ(renamed[0].Arg("name"), "[Cluster A] New");
  auto deleted = panel.Named("enumerationitem.delete");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].Arg("elid"), "21");
  EXPECT_EQ(deleted[0].Arg("plid"), "9");
}

TEST(Enumeration, NothingChangedMeansOnlyTheTwoReads) {
  test::RecordingPanel panel;
  panel.answers["enumeration"] = "<doc><elem><id>9</id><intname>backup_schedule</intname><name>B</name></elem></doc>";
  panel.answers["enumerationitem"] = "<doc><elem><id>20</id><intname>vm6_1_4</intname><name>L</name></elem></doc>";
  PublishEnumeration(panel, kSchedules, "vm6_1_", {{"vm6_1_4", "L"}});
  EXPECT_EQ(panel.calls.size(), 2u);
  EXPECT_EQ(Changing(panel), 0u);
}

}  // namespace
}  // namespace pm::vps
