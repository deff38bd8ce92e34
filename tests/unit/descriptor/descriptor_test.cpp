// Checks the BILLmanager descriptor of pmproxmox against the panel contract: the connection form
// holds exactly the §9 parameters, secrets are password fields, the tariff form holds the §9
// tariff settings, every field is labelled and explained in both languages, and every §4 error
// type has a message. Each check collects what is wrong, so a failure names the culprits; the
// last tests break a copy of the descriptor on purpose to prove the checks can fail.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <set>
#include <string>
#include <vector>

namespace {

using Names = std::set<std::string>;
using Problems = std::vector<std::string>;

constexpr const char* kDescriptor = PM_SOURCE_DIR "/xml/billmgr_mod_pmproxmox.xml";
constexpr const char* kModule = "pmproxmox";
constexpr const char* kConnectionForm = "processing.edit.pmproxmox";
constexpr const char* kTariffForm = "pricelist.pmproxmox";

// Contract §9: children of <processingmodule>.
const Names kConnectionParams = {
    "url",     "username",       "password",        "token_id", "token_secret", "fingerprint", "ca_cert",
    "node",    "storage",        "bridge",          "backup_storage",           "backup_rotation",
    "ip_pool", "ip_prefix",      "ip_gateway",      "dns",      "smtp_url",     "mail_from",   "state_db"};
const Names kSecrets = {"password", "token_secret"};
// Contract §9: tariff settings; the descriptor adds the optional OS template overrides.
const Names kTariffParams = {"node", "storage", "bridge", "vlan", "backup_storage"};
const Names kTariffExtras = {"os_templates"};
// Contract §4.
const std::vector<std::string> kErrorTypes = {"xml",    "missed", "value", "auth",  "connection", "locked",
                                              "notfound", "access", "quota", "api", "internal"};
const std::vector<std::string> kLangs = {"en", "ru"};

Names Minus(const Names& a, const Names& b) {
  Names out;
  for (const auto& x : a)
    if (!b.count(x)) out.insert(x);
  return out;
}

Names Union(const Names& a, const Names& b) {
  Names out = a;
  out.insert(b.begin(), b.end());
  return out;
}

std::string Join(const Names& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

std::string Join(const Problems& problems) {
  std::string out;
  for (const auto& p : problems) out += "\n  " + p;
  return out;
}

// Compares what a form has with what it must have and names every difference.
Problems CompareSets(const std::string& what, const Names& actual, const Names& expected) {
  Problems out;
  if (auto missing = Minus(expected, actual); !missing.empty()) out.push_back(what + " lacks: " + Join(missing));
  if (auto extra = Minus(actual, expected); !extra.empty()) out.push_back(what + " has unexpected: " + Join(extra));
  return out;
}

pugi::xml_node Metadata(const pugi::xml_document& doc, const std::string& name) {
  return doc.child("mgrdata").find_child_by_attribute("metadata", "name", name.c_str());
}

// The control of a <field>: its <input>, <select> or <textarea>.
pugi::xml_node Control(pugi::xml_node field) {
  for (auto child : field.children()) {
    const std::string tag = child.name();
    if (tag == "input" || tag == "select" || tag == "textarea") return child;
  }
  return {};
}

std::vector<pugi::xml_node> Fields(pugi::xml_node metadata) {
  std::vector<pugi::xml_node> out;
  for (const auto& x : metadata.select_nodes(".//field")) out.push_back(x.node());
  return out;
}

Names FieldNames(pugi::xml_node metadata) {
  Names out;
  for (auto field : Fields(metadata)) out.insert(field.attribute("name").value());
  return out;
}

// Each field has exactly one control, named like the field, and no name appears twice: the
// panel sends the control's name, so a mismatch would silently drop the value.
Problems FieldShapeProblems(pugi::xml_node metadata) {
  Problems out;
  Names seen;
  for (auto field : Fields(metadata)) {
    const std::string name = field.attribute("name").value();
    if (!seen.insert(name).second) out.push_back("field '" + name + "' appears twice");
    auto control = Control(field);
    if (!control) {
      out.push_back("field '" + name + "' has no input/select/textarea");
    } else if (name != control.attribute("name").value()) {
      out.push_back("field '" + name + "' holds a control named '" + control.attribute("name").value() + "'");
    }
  }
  return out;
}

Names PasswordFields(pugi::xml_node metadata) {
  Names out;
  for (auto field : Fields(metadata)) {
    auto control = Control(field);
    if (std::string(control.name()) == "input" && std::string(control.attribute("type").value()) == "password")
      out.insert(field.attribute("name").value());
  }
  return out;
}

// Text of <lang name=lang><messages name=section><msg name=name>, or "" when absent.
std::string Message(const pugi::xml_document& doc, const std::string& lang, const std::string& section,
                    const std::string& name) {
  for (auto l : doc.child("mgrdata").children("lang")) {
    if (lang != l.attribute("name").value()) continue;
    for (auto messages : l.children("messages")) {
      if (section != messages.attribute("name").value()) continue;
      if (auto msg = messages.find_child_by_attribute("msg", "name", name.c_str())) return msg.child_value();
    }
  }
  return "";
}

Problems MissingMessages(const pugi::xml_document& doc, const std::string& section,
                         const std::vector<std::string>& names) {
  Problems out;
  for (const auto& lang : kLangs)
    for (const auto& name : names)
      if (Message(doc, lang, section, name).empty()) out.push_back(lang + ": " + section + "/" + name);
  return out;
}

// Every field of a form needs a label (msg named like the field) and a hint (hint_<field>).
Problems FieldMessageGaps(const pugi::xml_document& doc, const std::string& form) {
  std::vector<std::string> names;
  for (const auto& field : FieldNames(Metadata(doc, form))) {
    names.push_back(field);
    names.push_back("hint_" + field);
  }
  return MissingMessages(doc, form, names);
}

Problems ErrorMessageGaps(const pugi::xml_document& doc) {
  std::vector<std::string> names;
  for (const auto& type : kErrorTypes) names.push_back("msg_error_" + type);
  return MissingMessages(doc, "msgerror", names);
}

// Names of the msgs a section defines in one language.
Names MessageNames(const pugi::xml_document& doc, const std::string& lang, const std::string& section) {
  Names out;
  for (auto l : doc.child("mgrdata").children("lang")) {
    if (lang != l.attribute("name").value()) continue;
    for (auto messages : l.children("messages"))
      if (section == messages.attribute("name").value())
        for (auto msg : messages.children("msg")) out.insert(msg.attribute("name").value());
  }
  return out;
}

class Descriptor : public ::testing::Test {
 protected:
  void SetUp() override {
    auto result = doc_.load_file(kDescriptor);
    ASSERT_TRUE(result) << kDescriptor << ": " << result.description() << " at offset " << result.offset;
    ASSERT_TRUE(doc_.child("mgrdata")) << "root element is not <mgrdata>";
  }
  pugi::xml_document doc_;
};

TEST_F(Descriptor, PluginBlockDeclaresAVdsProcessingModule) {
  auto plugin = doc_.child("mgrdata").find_child_by_attribute("plugin", "name", kModule);
  ASSERT_TRUE(plugin) << "no <plugin name=\"pmproxmox\">";
  EXPECT_STREQ(plugin.child_value("group"), "processing_module");
  EXPECT_STRNE(plugin.child_value("author"), "");
  EXPECT_TRUE(plugin.child("params").find_child_by_attribute("type", "name", "vds")) << "no <type name=\"vds\"/>";
  for (const auto& lang : kLangs)
    EXPECT_TRUE(plugin.child("params").find_child_by_attribute("priority", "lang", lang.c_str()))
        << "no priority for " << lang;
}

TEST_F(Descriptor, ConnectionFormHasExactlyTheContractParameters) {
  auto form = Metadata(doc_, kConnectionForm);
  ASSERT_TRUE(form) << "no metadata " << kConnectionForm;
  EXPECT_STREQ(form.attribute("type").value(), "form");
  Problems problems = CompareSets(kConnectionForm, FieldNames(form), kConnectionParams);
  EXPECT_TRUE(problems.empty()) << Join(problems);
  problems = FieldShapeProblems(form);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_F(Descriptor, SecretsArePrivatePasswordFieldsAndNothingElseIs) {
  auto form = Metadata(doc_, kConnectionForm);
  Problems problems = CompareSets("password fields", PasswordFields(form), kSecrets);
  EXPECT_TRUE(problems.empty()) << Join(problems);
  for (auto field : Fields(form)) {
    if (!kSecrets.count(field.attribute("name").value())) continue;
    EXPECT_STREQ(Control(field).attribute("private").value(), "yes")
        << field.attribute("name").value() << " must be private=\"yes\"";
  }
}

TEST_F(Descriptor, UrlIsTheOnlyRequiredConnectionField) {
  // username/password and token_id/token_secret are alternatives, so neither pair is required.
  Names required;
  for (auto field : Fields(Metadata(doc_, kConnectionForm)))
    if (std::string(Control(field).attribute("required").value()) == "yes")
      required.insert(field.attribute("name").value());
  Problems problems = CompareSets("required fields", required, {"url"});
  EXPECT_TRUE(problems.empty()) << Join(problems);
  auto url = Metadata(doc_, kConnectionForm).find_node([](pugi::xml_node n) {
    return std::string(n.name()) == "input" && std::string(n.attribute("name").value()) == "url";
  });
  EXPECT_STREQ(url.attribute("check").value(), "url");
}

TEST_F(Descriptor, BackupRotationOffersAfterFirstThenBefore) {
  auto form = Metadata(doc_, kConnectionForm);
  auto select = form.find_node([](pugi::xml_node n) {
    return std::string(n.name()) == "select" && std::string(n.attribute("name").value()) == "backup_rotation";
  });
  ASSERT_TRUE(select) << "backup_rotation is not a select";
  auto slist = form.find_child_by_attribute("slist", "name", "backup_rotation");
  ASSERT_TRUE(slist) << "no <slist name=\"backup_rotation\">";
  std::vector<std::string> values;
  for (auto msg : slist.children("msg")) values.push_back(msg.child_value());
  EXPECT_EQ(values, (std::vector<std::string>{"after", "before"})) << "\"after\" must come first: it is the default";
  Problems problems = MissingMessages(doc_, kConnectionForm, values);
  EXPECT_TRUE(problems.empty()) << "option labels missing:" << Join(problems);
}

TEST_F(Descriptor, EveryFieldHasALabelAndAHintInBothLanguages) {
  for (const char* form : {kConnectionForm, kTariffForm}) {
    ASSERT_TRUE(Metadata(doc_, form)) << "no metadata " << form;
    Problems problems = FieldMessageGaps(doc_, form);
    EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
  }
}

TEST_F(Descriptor, EveryConnectionPageHasATitleInBothLanguages) {
  std::vector<std::string> pages;
  for (auto page : Metadata(doc_, kConnectionForm).child("form").children("page"))
    pages.push_back(page.attribute("name").value());
  EXPECT_FALSE(pages.empty());
  Problems problems = MissingMessages(doc_, kConnectionForm, pages);
  EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
}

TEST_F(Descriptor, TariffFormHasTheContractSettings) {
  auto form = Metadata(doc_, kTariffForm);
  ASSERT_TRUE(form) << "no metadata " << kTariffForm;
  EXPECT_STREQ(form.attribute("type").value(), "form");
  Problems problems = CompareSets(kTariffForm, FieldNames(form), Union(kTariffParams, kTariffExtras));
  EXPECT_TRUE(problems.empty()) << Join(problems);
  problems = FieldShapeProblems(form);
  EXPECT_TRUE(problems.empty()) << Join(problems);
  for (auto field : Fields(form)) {
    const std::string name = field.attribute("name").value();
    auto control = Control(field);
    EXPECT_STRNE(control.attribute("required").value(), "yes") << name << ": every tariff setting may stay empty";
    if (name == "vlan") {
      EXPECT_STREQ(control.attribute("check").value(), "int");
      EXPECT_STREQ(control.attribute("checkargs").value(), "1,4094");
    }
    if (name == "os_templates") {
      EXPECT_STREQ(control.name(), "textarea");
    }
  }
}

TEST_F(Descriptor, EveryContractErrorTypeHasAMessageInBothLanguages) {
  Problems problems = ErrorMessageGaps(doc_);
  EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
}

TEST_F(Descriptor, ErrorsAboutANamedObjectUseThePanelPlaceholder) {
  for (const auto& lang : kLangs)
    for (const char* type : {"missed", "value", "locked", "notfound", "access", "quota"}) {
      const std::string text = Message(doc_, lang, "msgerror", std::string("msg_error_") + type);
      EXPECT_NE(text.find("__object__"), std::string::npos) << lang << " msg_error_" << type << ": " << text;
    }
}

TEST_F(Descriptor, ModuleIsNamedProxmoxVeAndDescribedInBothLanguages) {
  for (const auto& lang : kLangs) {
    EXPECT_EQ(Message(doc_, lang, "label_processing_modules", kModule), "Proxmox VE") << lang;
    EXPECT_FALSE(Message(doc_, lang, "plugin", "desc_short_pmproxmox").empty()) << lang;
    EXPECT_FALSE(Message(doc_, lang, "plugin", "desc_full_pmproxmox").empty()) << lang;
  }
}

TEST_F(Descriptor, BothLanguagesDefineTheSameMessages) {
  Names sections;
  for (auto l : doc_.child("mgrdata").children("lang"))
    for (auto messages : l.children("messages")) sections.insert(messages.attribute("name").value());
  for (const auto& section : sections) {
    Problems problems = CompareSets("ru " + section + " vs en", MessageNames(doc_, "ru", section),
                                    MessageNames(doc_, "en", section));
    EXPECT_TRUE(problems.empty()) << Join(problems);
  }
}

// The checks above must be able to fail: break a copy of the descriptor and expect each helper
// to name exactly what was broken.
class BrokenDescriptor : public Descriptor {
 protected:
  pugi::xml_node FormField(const char* form, const char* name) {
    return Metadata(doc_, form).find_node([name](pugi::xml_node n) {
      return std::string(n.name()) == "field" && std::string(n.attribute("name").value()) == name;
    });
  }
  pugi::xml_node Msg(const char* lang, const char* section, const char* name) {
    auto l = doc_.child("mgrdata").find_child_by_attribute("lang", "name", lang);
    return l.find_child_by_attribute("messages", "name", section).find_child_by_attribute("msg", "name", name);
  }
};

TEST_F(BrokenDescriptor, MissingAndUnexpectedConnectionFieldsAreNamed) {
  auto dns = FormField(kConnectionForm, "dns");
  ASSERT_TRUE(dns);
  auto page = dns.parent();
  page.remove_child(dns);
  auto extra = page.append_child("field");
  extra.append_attribute("name") = "api_key";
  auto input = extra.append_child("input");
  input.append_attribute("type") = "text";
  input.append_attribute("name") = "apikey";
  EXPECT_EQ(CompareSets("f", FieldNames(Metadata(doc_, kConnectionForm)), kConnectionParams),
            (Problems{"f lacks: dns", "f has unexpected: api_key"}));
  EXPECT_EQ(FieldShapeProblems(Metadata(doc_, kConnectionForm)),
            (Problems{"field 'api_key' holds a control named 'apikey'"}));
}

TEST_F(BrokenDescriptor, ASecretShownAsTextIsNamed) {
  Control(FormField(kConnectionForm, "token_secret")).attribute("type") = "text";
  EXPECT_EQ(CompareSets("p", PasswordFields(Metadata(doc_, kConnectionForm)), kSecrets),
            (Problems{"p lacks: token_secret"}));
}

TEST_F(BrokenDescriptor, MissingOrEmptyLabelsAndHintsAreNamed) {
  auto hint = Msg("ru", kConnectionForm, "hint_fingerprint");
  ASSERT_TRUE(hint);
  hint.parent().remove_child(hint);
  Msg("en", kTariffForm, "vlan").text() = "";
  EXPECT_EQ(FieldMessageGaps(doc_, kConnectionForm), (Problems{"ru: processing.edit.pmproxmox/hint_fingerprint"}));
  EXPECT_EQ(FieldMessageGaps(doc_, kTariffForm), (Problems{"en: pricelist.pmproxmox/vlan"}));
}

TEST_F(BrokenDescriptor, AMissingErrorMessageIsNamed) {
  auto quota = Msg("en", "msgerror", "msg_error_quota");
  ASSERT_TRUE(quota);
  quota.parent().remove_child(quota);
  EXPECT_EQ(ErrorMessageGaps(doc_), (Problems{"en: msgerror/msg_error_quota"}));
}

TEST_F(BrokenDescriptor, AMissingTariffSettingIsNamed) {
  auto vlan = FormField(kTariffForm, "vlan");
  vlan.parent().remove_child(vlan);
  EXPECT_EQ(CompareSets("t", FieldNames(Metadata(doc_, kTariffForm)), Union(kTariffParams, kTariffExtras)),
            (Problems{"t lacks: vlan"}));
}

}  // namespace
