// Checks the BILLmanager descriptors of pmvmmanager6 and pmvmmanager5 against the panel contract
// (§10, §11, §12): the connection form holds exactly the module's parameters (the pool fields
// included), the password is a private password field, the tariff form holds the module's tariff
// settings, every field and page is labelled and explained in both languages, both languages
// define the same messages, and every §4 error type has a message (a package may be installed
// without pmproxmox's).
#include <gtest/gtest.h>

#include "descriptor_checks.h"

namespace {

using namespace descriptor_checks;

struct VmmanagerDescriptor {
  std::string module;
  Names connection_params;
  Names tariff_params;
  std::vector<std::string> pages;
};

void PrintTo(const VmmanagerDescriptor& descriptor, std::ostream* os) { *os << descriptor.module; }

const Names kPoolParams = {"pool_owner", "pool_max_months", "pool_stat_days", "pool_tier1",
                           "pool_tier2", "pool_tier3",      "pool_tier4",     "pool_tier5"};

Names With(Names names, const Names& more) {
  names.insert(more.begin(), more.end());
  return names;
}

const VmmanagerDescriptor kVm6{
    "pmvmmanager6",
    With({"url", "username", "password", "fingerprint", "ca_cert", "cluster", "ippool", "deploy_completion",
          "use_recipes", "state_db", "api_timeout"},
         kPoolParams),
    {"preset", "ippool"},
    {"connect", "placement", "pool", "advanced"}};

const VmmanagerDescriptor kVm5{
    "pmvmmanager5",
    With({"url", "username", "password", "fingerprint", "ca_cert", "state_db", "api_timeout", "install_timeout"},
         kPoolParams),
    {"preset", "hostnode"},
    {"connect", "pool", "advanced"}};

class Descriptors : public ::testing::TestWithParam<VmmanagerDescriptor> {
 protected:
  void SetUp() override {
    std::string path = PM_SOURCE_DIR "/xml/billmgr_mod_" + GetParam().module + ".xml";
    auto result = doc_.load_file(path.c_str());
    ASSERT_TRUE(result) << path << ": " << result.description();
  }
  std::string ConnectionForm() const { return "processing.edit." + GetParam().module; }
  std::string TariffForm() const { return "pricelist." + GetParam().module; }
  pugi::xml_document doc_;
};

TEST_P(Descriptors, PluginBlockDeclaresAVdsProcessingModule) {
  auto plugin = doc_.child("mgrdata").find_child_by_attribute("plugin", "name", GetParam().module.c_str());
  ASSERT_TRUE(plugin);
  EXPECT_STREQ(plugin.child_value("group"), "processing_module");
  EXPECT_TRUE(plugin.child("params").find_child_by_attribute("type", "name", "vds"));
}

TEST_P(Descriptors, ConnectionFormHasExactlyTheModulesParameters) {
  auto form = Metadata(doc_, ConnectionForm().c_str());
  ASSERT_TRUE(form);
  Problems problems = CompareSets(ConnectionForm(), FieldNames(form), GetParam().connection_params);
  EXPECT_TRUE(problems.empty()) << Join(problems);
  problems = FieldShapeProblems(form);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_P(Descriptors, ThePasswordIsTheOnlySecretAndItIsPrivate) {
  auto form = Metadata(doc_, ConnectionForm().c_str());
  Problems problems = CompareSets("password fields", PasswordFields(form), {"password"});
  EXPECT_TRUE(problems.empty()) << Join(problems);
  for (auto field : Fields(form)) {
    if (std::string(field.attribute("name").value()) == "password") {
      EXPECT_STREQ(Control(field).attribute("private").value(), "yes");
    }
  }
}

TEST_P(Descriptors, TariffFormHasTheModulesTariffSettings) {
  Problems problems = CompareSets(TariffForm(), FieldNames(Metadata(doc_, TariffForm().c_str())), GetParam().tariff_params);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_P(Descriptors, EveryFieldPageAndOptionIsLabelledInBothLanguages) {
  for (const std::string& form : {ConnectionForm(), TariffForm()}) {
    Problems problems = FieldMessageGaps(doc_, form.c_str());
    EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
  }
  std::vector<std::string> pages;
  for (auto page : Metadata(doc_, ConnectionForm().c_str()).child("form").children("page")) {
    pages.push_back(page.attribute("name").value());
  }
  EXPECT_EQ(pages, GetParam().pages);
  Problems problems = MissingMessages(doc_, ConnectionForm().c_str(), pages);
  EXPECT_TRUE(problems.empty()) << Join(problems);
  for (auto slist : Metadata(doc_, ConnectionForm().c_str()).children("slist")) {
    std::vector<std::string> options;
    for (auto msg : slist.children("msg")) options.push_back(msg.child_value());
    problems = MissingMessages(doc_, ConnectionForm().c_str(), options);
    EXPECT_TRUE(problems.empty()) << Join(problems);
  }
}

TEST(Vm6Descriptor, DeployCompletionOffersOsFirst) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(PM_SOURCE_DIR "/xml/billmgr_mod_pmvmmanager6.xml"));
  auto slist = Metadata(doc, "processing.edit.pmvmmanager6").find_child_by_attribute("slist", "name", "deploy_completion");
  std::vector<std::string> options;
  for (auto msg : slist.children("msg")) options.push_back(msg.child_value());
  EXPECT_EQ(options, (std::vector<std::string>{"os", "recipe"})) << "os first: it is the default";
}

TEST_P(Descriptors, EveryContractErrorTypeHasAMessage) {
  Problems problems = ErrorMessageGaps(doc_);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_P(Descriptors, BothLanguagesDefineTheSameMessages) {
  Names sections;
  for (auto l : doc_.child("mgrdata").children("lang")) {
    for (auto messages : l.children("messages")) sections.insert(messages.attribute("name").value());
  }
  for (const auto& section : sections) {
    Problems problems = CompareSets("ru " + section + " vs en", MessageNames(doc_, "ru", section),
                                    MessageNames(doc_, "en", section));
    EXPECT_TRUE(problems.empty()) << Join(problems);
  }
}

INSTANTIATE_TEST_SUITE_P(Vmmanager, Descriptors, ::testing::Values(kVm6, kVm5),
                         [](const auto& info) { return info.param.module; });

}  // namespace
