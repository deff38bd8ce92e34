// Checks the BILLmanager descriptor of pmvmmanager6 against the panel contract (§10, §12): the
// connection form holds exactly the module's parameters (the pool fields included), the password
// is a private password field, the tariff form holds `preset` and `ippool`, every field and page
// is labelled and explained in both languages, both languages define the same messages, and
// every §4 error type has a message (the package may be installed without pmproxmox's).
#include <gtest/gtest.h>

#include "descriptor_checks.h"

namespace {

using namespace descriptor_checks;

constexpr const char* kDescriptor = PM_SOURCE_DIR "/xml/billmgr_mod_pmvmmanager6.xml";
constexpr const char* kConnectionForm = "processing.edit.pmvmmanager6";
constexpr const char* kTariffForm = "pricelist.pmvmmanager6";

const Names kConnectionParams = {"url",         "username",       "password",       "fingerprint", "ca_cert",
                                 "cluster",     "ippool",         "deploy_completion", "use_recipes", "state_db",
                                 "api_timeout", "pool_owner",     "pool_max_months",   "pool_stat_days",
                                 "pool_tier1",  "pool_tier2",     "pool_tier3",        "pool_tier4",  "pool_tier5"};

class Vm6Descriptor : public ::testing::Test {
 protected:
  void SetUp() override {
    auto result = doc_.load_file(kDescriptor);
    ASSERT_TRUE(result) << kDescriptor << ": " << result.description();
  }
  pugi::xml_document doc_;
};

TEST_F(Vm6Descriptor, PluginBlockDeclaresAVdsProcessingModule) {
  auto plugin = doc_.child("mgrdata").find_child_by_attribute("plugin", "name", "pmvmmanager6");
  ASSERT_TRUE(plugin);
  EXPECT_STREQ(plugin.child_value("group"), "processing_module");
  EXPECT_TRUE(plugin.child("params").find_child_by_attribute("type", "name", "vds"));
}

TEST_F(Vm6Descriptor, ConnectionFormHasExactlyTheModulesParameters) {
  auto form = Metadata(doc_, kConnectionForm);
  ASSERT_TRUE(form);
  Problems problems = CompareSets(kConnectionForm, FieldNames(form), kConnectionParams);
  EXPECT_TRUE(problems.empty()) << Join(problems);
  problems = FieldShapeProblems(form);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_F(Vm6Descriptor, ThePasswordIsTheOnlySecretAndItIsPrivate) {
  auto form = Metadata(doc_, kConnectionForm);
  Problems problems = CompareSets("password fields", PasswordFields(form), {"password"});
  EXPECT_TRUE(problems.empty()) << Join(problems);
  for (auto field : Fields(form)) {
    if (std::string(field.attribute("name").value()) == "password") {
      EXPECT_STREQ(Control(field).attribute("private").value(), "yes");
    }
  }
}

TEST_F(Vm6Descriptor, TariffFormHasThePresetAndThePools) {
  Problems problems = CompareSets(kTariffForm, FieldNames(Metadata(doc_, kTariffForm)), {"preset", "ippool"});
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_F(Vm6Descriptor, EveryFieldPageAndOptionIsLabelledInBothLanguages) {
  for (const char* form : {kConnectionForm, kTariffForm}) {
    Problems problems = FieldMessageGaps(doc_, form);
    EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
  }
  std::vector<std::string> pages;
  for (auto page : Metadata(doc_, kConnectionForm).child("form").children("page")) {
    pages.push_back(page.attribute("name").value());
  }
  EXPECT_EQ(pages, (std::vector<std::string>{"connect", "placement", "pool", "advanced"}));
  Problems problems = MissingMessages(doc_, kConnectionForm, pages);
  EXPECT_TRUE(problems.empty()) << Join(problems);
  auto slist = Metadata(doc_, kConnectionForm).find_child_by_attribute("slist", "name", "deploy_completion");
  std::vector<std::string> options;
  for (auto msg : slist.children("msg")) options.push_back(msg.child_value());
  EXPECT_EQ(options, (std::vector<std::string>{"os", "recipe"})) << "os first: it is the default";
  problems = MissingMessages(doc_, kConnectionForm, options);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_F(Vm6Descriptor, EveryContractErrorTypeHasAMessage) {
  Problems problems = ErrorMessageGaps(doc_);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_F(Vm6Descriptor, BothLanguagesDefineTheSameMessages) {
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

}  // namespace
