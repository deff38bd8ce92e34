// Checks the BILLmanager descriptor of pmproxmox against the panel contract: the connection form
// holds exactly the §9 parameters, secrets are password fields, the tariff form holds the §9
// tariff settings, every field is labelled and explained in both languages, and every §4 error
// type has a message. It also checks the client-area Backups page (contract §6): the handler
// registration, the list (its columns, row states, toolbar and confirmations), the two forms, the
// button on the service list, the banners the handler adds to each page, their texts, and the
// comments that document what the handler sends. Each check collects what is wrong, so a
// failure names the culprits; the last tests break a copy of the descriptor on purpose to prove
// the checks can fail.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "descriptor_checks.h"

namespace {

using namespace descriptor_checks;
using Pairs = std::vector<std::pair<std::string, std::string>>;
// (banner id, the __name__ placeholders its text fills).
using Banners = std::vector<std::pair<std::string, Names>>;

constexpr const char* kDescriptor = PM_SOURCE_DIR "/xml/billmgr_mod_pmproxmox.xml";
constexpr const char* kModule = "pmproxmox";
constexpr const char* kConnectionForm = "processing.edit.pmproxmox";
constexpr const char* kTariffForm = "pricelist.pmproxmox";

// Contract §9: children of <processingmodule>; the descriptor adds the API timeout.
const Names kConnectionParams = {
    "url",     "username",       "password",        "token_id", "token_secret", "fingerprint", "ca_cert",
    "node",    "storage",        "bridge",          "backup_storage",           "backup_rotation",
    "ip_pool", "ip_prefix",      "ip_gateway",      "dns",      "smtp_url",     "mail_from",   "state_db",
    "api_timeout",
    // Contract §12: the "Pool of servers" step.
    "pool_owner", "pool_max_months", "pool_stat_days", "pool_tier1", "pool_tier2", "pool_tier3", "pool_tier4",
    "pool_tier5"};
// smtp_url may carry the relay's login (smtp://user:password@relay).
const Names kSecrets = {"password", "token_secret", "smtp_url"};
// Contract §9: tariff settings; the descriptor adds the optional OS template overrides.
const Names kTariffParams = {"node", "storage", "bridge", "vlan", "backup_storage"};
const Names kTariffExtras = {"os_templates"};

// Contract §6: the Backups page, served by the handler addon/pmproxmox_backups.
constexpr const char* kBackupsHandler = "pmproxmox_backups";
constexpr const char* kServiceList = "vds";
constexpr const char* kBackupsList = "vds.backups";
constexpr const char* kBackupsNew = "vds.backups.new";
constexpr const char* kBackupsSchedule = "vds.backups.schedule";
constexpr const char* kClientLevel = "user admin";
const std::vector<std::string> kBackupsFuncs = {"vds.backups", "vds.backups.new", "vds.backups.schedule",
                                                "vds.backups.restore", "vds.backups.delete"};
// Columns of the list in order, with their type: state is shown through messages, progress is
// the handler's own text ("45%", or empty).
const Pairs kBackupsColumns = {
    {"created", "data"}, {"notes", "data"}, {"size", "data"}, {"state", "msg"}, {"progress", "data"}};
// Values of the state column (addons/backups_page.cpp), each shown through the message it names.
const std::vector<std::string> kBackupStates = {"ready",  "creating",       "restoring",    "removing",
                                                "failed", "restore_failed", "remove_failed"};
// States for which a group button is hidden. A copy can be restored when it is ready or its
// restore or removal failed, and removed (again) unless a job runs on it; the rows of a backup
// being made or of a failed one are no copy to restore.
const Names kRestoreHiddenFor = {"creating", "failed", "removing", "restoring"};
const Names kDeleteHiddenFor = {"creating", "failed", "removing", "restoring"};
const std::vector<std::string> kWeekdays = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
// Banners the handler adds to each page, with the placeholders each one fills.
const Banners kBackupsBanners = {{"msg_quota", {"__quota__"}},
                                 {"msg_over_quota", {"__quota__"}},
                                 {"msg_schedule_info", {}},
                                 {"msg_timezone", {"__zone__"}},
                                 {"msg_snapshot_warning", {}},
                                 {"msg_restore_failed", {"__error__"}},
                                 {"msg_job_running", {"__job__"}},
                                 {"msg_job_progress", {"__job__", "__progress__", "__started__"}},
                                 {"msg_remove_retry", {"__error__"}},
                                 {"msg_remove_failed", {"__error__"}}};
// The forms show their warnings as fields of their own; the schedule form adds the zone.
const Banners kNewBackupBanners = {};
const Banners kScheduleBanners = {{"msg_timezone", {"__zone__"}}};
// The texts the handler puts into __job__.
const std::vector<std::string> kJobTexts = {"job_create", "job_restore", "job_delete"};
// How the texts name the zone the schedule's times are in (msg_timezone and every day's hint).
const std::map<std::string, std::string> kZonePhrase = {{"en", "time zone of the virtualization cluster"},
                                                        {"ru", "часовому поясу кластера виртуализации"}};

// Functions a handler registers, in order.
std::vector<std::string> HandlerFuncs(pugi::xml_node handler) {
  std::vector<std::string> out;
  for (auto func : handler.children("func")) out.push_back(func.attribute("name").value());
  return out;
}

// Names of the handlers that register a function.
std::vector<std::string> HandlersOf(const pugi::xml_document& doc, const std::string& func) {
  std::vector<std::string> out;
  for (auto handler : doc.child("mgrdata").children("handler"))
    if (handler.find_child_by_attribute("func", "name", func.c_str())) out.push_back(handler.attribute("name").value());
  return out;
}

// (name, type) of every column of a list, in order.
Pairs Columns(pugi::xml_node list) {
  Pairs out;
  for (auto col : list.child("coldata").children("col"))
    out.emplace_back(col.attribute("name").value(), col.attribute("type").value());
  return out;
}

std::vector<pugi::xml_node> ToolButtonNodes(pugi::xml_node list) {
  std::vector<pugi::xml_node> out;
  for (const auto& x : list.select_nodes("toolbar/toolgrp/toolbtn")) out.push_back(x.node());
  return out;
}

// Every toolbar button as "name func=<func> type=<type>", in order.
std::vector<std::string> ToolButtons(pugi::xml_node list) {
  std::vector<std::string> out;
  for (auto button : ToolButtonNodes(list))
    out.push_back(std::string(button.attribute("name").value()) + " func=" + button.attribute("func").value() +
                  " type=" + button.attribute("type").value());
  return out;
}

pugi::xml_node ToolButton(pugi::xml_node list, const std::string& name) {
  for (auto button : ToolButtonNodes(list))
    if (name == button.attribute("name").value()) return button;
  return {};
}

// Values of a column for which a button is hidden (<hide name=column value=…/>).
Names HiddenFor(pugi::xml_node button, const std::string& column) {
  Names out;
  for (auto hide : button.children("hide"))
    if (column == hide.attribute("name").value()) out.insert(hide.attribute("value").value());
  return out;
}

// Every <hide> of a list's buttons that names another column or a value the column never has:
// such a hide never matches a row, so the button stays where it should not.
Problems StrayHides(pugi::xml_node list, const std::string& column, const std::vector<std::string>& values) {
  Problems out;
  const Names known(values.begin(), values.end());
  for (auto button : ToolButtonNodes(list))
    for (auto hide : button.children("hide")) {
      const std::string name = hide.attribute("name").value(), value = hide.attribute("value").value();
      if (name != column || !known.count(value))
        out.push_back(std::string(button.attribute("name").value()) + " hides " + name + "=" + value);
    }
  return out;
}

// All the controls of a <field>: one line of the form may hold several.
std::vector<pugi::xml_node> Controls(pugi::xml_node field) {
  std::vector<pugi::xml_node> out;
  for (auto child : field.children()) {
    const std::string tag = child.name();
    if (tag == "input" || tag == "select" || tag == "textarea") out.push_back(child);
  }
  return out;
}

// "checkbox", "text", "password" for an <input>, the tag for the others.
std::string ControlKind(pugi::xml_node control) {
  return std::string(control.name()) == "input" ? control.attribute("type").value() : control.name();
}

// (name, kind) of every control of a form, in order.
Pairs FormControls(pugi::xml_node form) {
  Pairs out;
  for (auto field : Fields(form))
    for (auto control : Controls(field)) out.emplace_back(control.attribute("name").value(), ControlKind(control));
  return out;
}

// Each line of a form that has controls: (field, "control,control…").
Pairs FormLines(pugi::xml_node form) {
  Pairs out;
  for (auto field : Fields(form)) {
    std::string names;
    for (auto control : Controls(field))
      names += (names.empty() ? "" : ",") + std::string(control.attribute("name").value());
    if (!names.empty()) out.emplace_back(field.attribute("name").value(), names);
  }
  return out;
}

// Fields that only show a text (<textdata type="msg">), in order.
std::vector<std::string> TextFields(pugi::xml_node form) {
  std::vector<std::string> out;
  for (auto field : Fields(form)) {
    const std::string name = field.attribute("name").value();
    auto text = field.child("textdata");
    if (text && Controls(field).empty() && std::string(text.attribute("type").value()) == "msg" &&
        name == text.attribute("name").value())
      out.push_back(name);
  }
  return out;
}

// A list needs its title, a label per column, a label and a hint per button, and the
// confirmation msg_<list>_<button> of every group button.
Problems ListMessageGaps(const pugi::xml_document& doc, const std::string& list) {
  auto metadata = Metadata(doc, list);
  std::vector<std::string> names = {"title"};
  for (const auto& column : Columns(metadata)) names.push_back(column.first);
  for (auto button : ToolButtonNodes(metadata)) {
    const std::string name = button.attribute("name").value();
    names.push_back("short_" + name);
    names.push_back("hint_" + name);
    if (std::string(button.attribute("type").value()) == "group") names.push_back("msg_" + list + "_" + name);
  }
  return MissingMessages(doc, list, names);
}

// A client form needs its title, a hint per line, a label per control (the panel also names the
// control by it in error messages), and the text of every text field.
Problems ClientFormMessageGaps(const pugi::xml_document& doc, const std::string& form) {
  std::vector<std::string> names = {"title"};
  for (auto field : Fields(Metadata(doc, form))) {
    const auto controls = Controls(field);
    if (controls.empty()) {
      names.push_back(field.attribute("name").value());
      continue;
    }
    names.push_back(std::string("hint_") + field.attribute("name").value());
    for (auto control : controls) names.push_back(control.attribute("name").value());
  }
  return MissingMessages(doc, form, names);
}

// The __name__ placeholders a text uses.
Names Placeholders(const std::string& text) {
  static const std::regex placeholder("__[a-z]+__");
  Names out;
  for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end; it != end; ++it) out.insert(it->str());
  return out;
}

// Every message must fill the same placeholders in both languages.
Problems PlaceholderMismatches(const pugi::xml_document& doc) {
  Problems out;
  Names sections;
  for (auto l : doc.child("mgrdata").children("lang"))
    for (auto messages : l.children("messages")) sections.insert(messages.attribute("name").value());
  for (const auto& section : sections)
    for (const auto& name : MessageNames(doc, "en", section)) {
      const Names en = Placeholders(Message(doc, "en", section, name));
      const Names ru = Placeholders(Message(doc, "ru", section, name));
      if (en != ru) out.push_back(section + "/" + name + ": en " + Join(en) + ", ru " + Join(ru));
    }
  return out;
}

// Russian texts of a section that hold no Cyrillic letter (U+0400..U+04FF start with 0xD0..0xD3).
Problems NotRussian(const pugi::xml_document& doc, const std::string& section) {
  Problems out;
  for (const auto& name : MessageNames(doc, "ru", section)) {
    const std::string text = Message(doc, "ru", section, name);
    bool cyrillic = false;
    for (unsigned char c : text) cyrillic = cyrillic || (c >= 0xD0 && c <= 0xD3);
    if (!cyrillic) out.push_back("ru: " + section + "/" + name);
  }
  return out;
}

// The banners of a page: each has a text in both languages that fills exactly its placeholders,
// and the page's messages hold no other msg_ text than the submit label (msg_ok) and the
// confirmations of its group buttons (msg_<page>_<button>), so a banner the handler no longer
// sends is named too.
Problems BannerProblems(const pugi::xml_document& doc, const std::string& page, const Banners& banners) {
  Problems out;
  Names ids;
  for (const auto& [banner, placeholders] : banners) {
    ids.insert(banner);
    for (const auto& lang : kLangs) {
      const std::string where = lang + ": " + page + "/" + banner;
      const std::string text = Message(doc, lang, page, banner);
      if (text.empty()) {
        out.push_back(where + " missing or empty");
      } else if (Placeholders(text) != placeholders) {
        out.push_back(where + " fills " + Join(Placeholders(text)) + ", not " + Join(placeholders));
      }
    }
  }
  for (const auto& lang : kLangs)
    for (const auto& name : MessageNames(doc, lang, page))
      if (name.rfind("msg_", 0) == 0 && name != "msg_ok" && name.rfind("msg_" + page + "_", 0) != 0 && !ids.count(name))
        out.push_back(lang + ": " + page + "/" + name + " is no banner the handler sends");
  return out;
}

// The comment right before a page's <metadata>: it documents what the handler sends there.
// The document must have been loaded with parse_comments.
std::string CommentBefore(const pugi::xml_document& doc, const std::string& page) {
  auto comment = Metadata(doc, page).previous_sibling();
  return comment.type() == pugi::node_comment ? comment.value() : "";
}

bool WordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether a text has the word on its own (restore_failed does not count as failed).
bool MentionsWord(const std::string& text, const std::string& word) {
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const size_t end = at + word.size();
    if ((at == 0 || !WordChar(text[at - 1])) && (end == text.size() || !WordChar(text[end]))) return true;
  }
  return false;
}

// The words a text never mentions on their own.
Names Unmentioned(const std::string& text, const std::vector<std::string>& words) {
  Names out;
  for (const auto& word : words)
    if (!MentionsWord(text, word)) out.insert(word);
  return out;
}

// What the comment of the Backups list must name: every column, state and banner.
std::vector<std::string> BackupsListTerms() {
  std::vector<std::string> out;
  for (const auto& column : kBackupsColumns) out.push_back(column.first);
  out.insert(out.end(), kBackupStates.begin(), kBackupStates.end());
  for (const auto& banner : kBackupsBanners) out.push_back(banner.first);
  return out;
}

std::vector<std::string> BannerIds(const Banners& banners) {
  std::vector<std::string> out;
  for (const auto& banner : banners) out.push_back(banner.first);
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

TEST_F(Descriptor, PlaceholdersAreTheSameInBothLanguages) {
  Problems problems = PlaceholderMismatches(doc_);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_F(Descriptor, BackupsHandlerRegistersExactlyTheContractFunctions) {
  auto handler = doc_.child("mgrdata").find_child_by_attribute("handler", "name", kBackupsHandler);
  ASSERT_TRUE(handler) << "no <handler name=\"" << kBackupsHandler << "\">";
  EXPECT_STREQ(handler.attribute("type").value(), "xml");
  EXPECT_EQ(HandlerFuncs(handler), kBackupsFuncs);
  for (const auto& func : kBackupsFuncs)
    EXPECT_EQ(HandlersOf(doc_, func), std::vector<std::string>{kBackupsHandler}) << func;
}

TEST_F(Descriptor, BackupsListShowsTheDocumentColumns) {
  auto list = Metadata(doc_, kBackupsList);
  ASSERT_TRUE(list) << "no metadata " << kBackupsList;
  EXPECT_STREQ(list.attribute("type").value(), "list");
  EXPECT_STREQ(list.attribute("key").value(), "id");
  // Confirmations name the selected backup by its date.
  EXPECT_STREQ(list.attribute("keyname").value(), "created");
  EXPECT_EQ(Columns(list), kBackupsColumns);
}

TEST_F(Descriptor, BackupsToolbarHasTheButtonsOfThePage) {
  auto list = Metadata(doc_, kBackupsList);
  EXPECT_EQ(ToolButtons(list), (std::vector<std::string>{
                                   "back func=vds type=back",
                                   "new func=vds.backups.new type=new",
                                   "schedule func=vds.backups.schedule type=new",
                                   "restore func=vds.backups.restore type=group",
                                   "delete func=vds.backups.delete type=group",
                               }));
  // remove_failed hides neither: the copy is still there, and Remove is how the client retries.
  EXPECT_EQ(HiddenFor(ToolButton(list, "restore"), "state"), kRestoreHiddenFor);
  EXPECT_EQ(HiddenFor(ToolButton(list, "delete"), "state"), kDeleteHiddenFor);
  Problems problems = StrayHides(list, "state", kBackupStates);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST_F(Descriptor, BackupsPagesAreForClientsAndAdmins) {
  for (const char* name : {kBackupsList, kBackupsNew, kBackupsSchedule}) {
    ASSERT_TRUE(Metadata(doc_, name)) << "no metadata " << name;
    EXPECT_STREQ(Metadata(doc_, name).attribute("level").value(), kClientLevel) << name;
  }
}

TEST_F(Descriptor, ServiceListHasABackupsButton) {
  auto list = Metadata(doc_, kServiceList);
  ASSERT_TRUE(list) << "no metadata " << kServiceList;
  EXPECT_STREQ(list.attribute("type").value(), "list");
  EXPECT_EQ(ToolButtons(list), std::vector<std::string>{"pmproxmox_backups func=vds.backups type=list"});
  EXPECT_STREQ(ToolButton(list, "pmproxmox_backups").attribute("level").value(), kClientLevel);
  Problems problems = MissingMessages(doc_, kServiceList, {"short_pmproxmox_backups", "hint_pmproxmox_backups"});
  EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
  for (const auto& lang : kLangs) {
    // The descriptor only adds to the panel's service list: no title or column of its own.
    EXPECT_EQ(MessageNames(doc_, lang, kServiceList), (Names{"hint_pmproxmox_backups", "short_pmproxmox_backups"}))
        << lang;
  }
}

TEST_F(Descriptor, NewBackupFormHasOnlyOptionalNotesAndTheSnapshotWarning) {
  auto form = Metadata(doc_, kBackupsNew);
  ASSERT_TRUE(form) << "no metadata " << kBackupsNew;
  EXPECT_STREQ(form.attribute("type").value(), "form");
  EXPECT_EQ(FormControls(form), (Pairs{{"notes", "text"}}));
  EXPECT_EQ(FormLines(form), (Pairs{{"notes", "notes"}}));
  auto notes = Controls(Fields(form).front()).front();
  EXPECT_STREQ(notes.attribute("maxlength").value(), "1000");
  EXPECT_STRNE(notes.attribute("required").value(), "yes");
  EXPECT_EQ(TextFields(form), std::vector<std::string>{"snapshot_warning"});
}

TEST_F(Descriptor, ScheduleFormHasACheckboxAndATimePerDaySundayFirst) {
  auto form = Metadata(doc_, kBackupsSchedule);
  ASSERT_TRUE(form) << "no metadata " << kBackupsSchedule;
  EXPECT_STREQ(form.attribute("type").value(), "form");
  Pairs controls, lines;
  for (const auto& day : kWeekdays) {
    controls.emplace_back(day, "checkbox");
    controls.emplace_back(day + "_time", "text");
    lines.emplace_back(day, day + "," + day + "_time");
  }
  ASSERT_EQ(controls.size(), 14u);
  EXPECT_EQ(FormControls(form), controls);
  EXPECT_EQ(FormLines(form), lines) << "one line per day: its checkbox, then its time";
  for (auto field : Fields(form))
    for (auto control : Controls(field)) {
      const std::string name = control.attribute("name").value();
      EXPECT_STRNE(control.attribute("required").value(), "yes") << name;
      if (ControlKind(control) == "text") {
        EXPECT_STREQ(control.attribute("maxlength").value(), "5") << name;
      }
    }
  EXPECT_EQ(TextFields(form), std::vector<std::string>{"schedule_info"});
}

TEST_F(Descriptor, EveryBackupsColumnButtonAndFieldIsLabelledInBothLanguages) {
  Problems problems = ListMessageGaps(doc_, kBackupsList);
  EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
  for (const char* form : {kBackupsNew, kBackupsSchedule}) {
    problems = ClientFormMessageGaps(doc_, form);
    EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
    // The submit button is labelled by the form ("Backup now", "Save Schedule").
    problems = MissingMessages(doc_, form, {"msg_ok"});
    EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
  }
  std::vector<std::string> placeholders;
  for (const auto& day : kWeekdays) placeholders.push_back("placeholder_" + day + "_time");
  problems = MissingMessages(doc_, kBackupsSchedule, placeholders);
  EXPECT_TRUE(problems.empty()) << "missing or empty:" << Join(problems);
  problems = MissingMessages(doc_, kBackupsList, kBackupStates);
  EXPECT_TRUE(problems.empty()) << "state values, missing or empty:" << Join(problems);
}

TEST_F(Descriptor, BackupsBannersExistAndFillTheirPlaceholders) {
  const std::vector<std::pair<const char*, const Banners*>> pages = {
      {kBackupsList, &kBackupsBanners}, {kBackupsNew, &kNewBackupBanners}, {kBackupsSchedule, &kScheduleBanners}};
  for (const auto& [page, banners] : pages) {
    Problems problems = BannerProblems(doc_, page, *banners);
    EXPECT_TRUE(problems.empty()) << Join(problems);
  }
  Problems problems = MissingMessages(doc_, kBackupsList, kJobTexts);
  EXPECT_TRUE(problems.empty()) << "job texts, missing or empty:" << Join(problems);
  // A banner on a form reads as it does on the list.
  for (const auto& lang : kLangs)
    for (const auto& [page, banners] : pages)
      for (const auto& [banner, placeholders] : *banners)
        EXPECT_EQ(Message(doc_, lang, page, banner), Message(doc_, lang, kBackupsList, banner))
            << lang << ": " << page << "/" << banner;
}

TEST_F(Descriptor, ScheduleTimesAreInTheZoneThePagesShow) {
  // The schedule runs in the cluster's zone; msg_timezone names it, and each day's hint points
  // to it in the same words instead of speaking of a "local time" the client cannot see.
  for (const auto& lang : kLangs) {
    const std::string& phrase = kZonePhrase.at(lang);
    const std::string zone = Message(doc_, lang, kBackupsSchedule, "msg_timezone");
    EXPECT_NE(zone.find(phrase), std::string::npos) << lang << ": " << zone;
    for (const auto& day : kWeekdays) {
      const std::string hint = Message(doc_, lang, kBackupsSchedule, "hint_" + day);
      EXPECT_NE(hint.find(phrase), std::string::npos) << lang << " hint_" << day << ": " << hint;
      EXPECT_EQ(hint.find(lang == "en" ? "local time" : "местному времени"), std::string::npos)
          << lang << " hint_" << day << ": " << hint;
    }
  }
}

TEST_F(Descriptor, PageCommentsNameWhatTheHandlerSends) {
  pugi::xml_document commented;
  ASSERT_TRUE(commented.load_file(kDescriptor, pugi::parse_default | pugi::parse_comments));
  EXPECT_EQ(Unmentioned(CommentBefore(commented, kBackupsList), BackupsListTerms()), Names{})
      << "the comment before " << kBackupsList << " does not name these columns, states or banners";
  EXPECT_EQ(Unmentioned(CommentBefore(commented, kBackupsNew), BannerIds(kNewBackupBanners)), Names{});
  EXPECT_EQ(Unmentioned(CommentBefore(commented, kBackupsSchedule), BannerIds(kScheduleBanners)), Names{});
}

TEST_F(Descriptor, BackupsPagesUseTheTextsOfThePage) {
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "title"), "Backups");
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "short_new"), "Backup now");
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "short_schedule"), "Schedule");
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "short_restore"), "Restore");
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "short_delete"), "Remove");
  EXPECT_EQ(Message(doc_, "en", kBackupsNew, "notes"), "Backups notes");
  EXPECT_EQ(Message(doc_, "en", kBackupsSchedule, "msg_ok"), "Save Schedule");
  EXPECT_EQ(Message(doc_, "en", kServiceList, "short_pmproxmox_backups"), "Backups");
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "progress"), "Progress");
  EXPECT_EQ(Message(doc_, "ru", kBackupsList, "progress"), "Выполнено");
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "remove_failed"), "Removal failed");
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "msg_timezone")
                .rfind("Times are in the time zone of the virtualization cluster: __zone__", 0),
            0u);
  const std::string schedule_info =
      "If the schedule is configured, the system will automatically create backups and delete old backups.";
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "msg_schedule_info"), schedule_info);
  EXPECT_EQ(Message(doc_, "en", kBackupsSchedule, "schedule_info"), schedule_info);
  const std::string snapshots = "In the case of a backup restore, all snapshots of Virtual Machine will be deleted.";
  EXPECT_EQ(Message(doc_, "en", kBackupsList, "msg_snapshot_warning"), snapshots);
  EXPECT_EQ(Message(doc_, "en", kBackupsNew, "snapshot_warning"), snapshots);
  const std::vector<std::string> days = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  const std::vector<std::string> dni = {"Воскресенье", "Понедельник", "Вторник", "Среда",
                                        "Четверг",     "Пятница",     "Суббота"};
  for (size_t i = 0; i < kWeekdays.size(); ++i) {
    EXPECT_EQ(Message(doc_, "en", kBackupsSchedule, kWeekdays[i]), days[i]);
    EXPECT_EQ(Message(doc_, "ru", kBackupsSchedule, kWeekdays[i]), dni[i]);
  }
  // The restore confirmation warns that the VM stops and loses its snapshots.
  for (const auto& lang : kLangs) {
    const std::string confirm = Message(doc_, lang, kBackupsList, "msg_vds.backups_restore");
    EXPECT_NE(confirm.find(lang == "en" ? "stopped" : "остановлена"), std::string::npos) << lang << ": " << confirm;
    EXPECT_NE(confirm.find(lang == "en" ? "snapshots" : "снимки"), std::string::npos) << lang << ": " << confirm;
  }
}

TEST_F(Descriptor, RussianTextsOfTheBackupsPagesAreInRussian) {
  for (const char* section : {kServiceList, kBackupsList, kBackupsNew, kBackupsSchedule}) {
    Problems problems = NotRussian(doc_, section);
    EXPECT_TRUE(problems.empty()) << "no Cyrillic:" << Join(problems);
  }
}

// The checks above must be able to fail: break a copy of the descriptor and expect each helper
// to name exactly what was broken.
class BrokenDescriptor : public Descriptor {
 protected:
  // The text with every occurrence of the word on its own replaced.
  static std::string ReplaceWord(std::string text, const std::string& word, const std::string& with) {
    for (size_t at = text.find(word); at != std::string::npos;) {
      const size_t end = at + word.size();
      if ((at == 0 || !WordChar(text[at - 1])) && (end == text.size() || !WordChar(text[end]))) {
        text.replace(at, word.size(), with);
        at = text.find(word, at + with.size());
      } else {
        at = text.find(word, at + 1);
      }
    }
    return text;
  }
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

TEST_F(BrokenDescriptor, ADroppedOrDuplicatedHandlerFunctionIsNoticed) {
  auto handler = doc_.child("mgrdata").find_child_by_attribute("handler", "name", kBackupsHandler);
  ASSERT_TRUE(handler);
  handler.remove_child(handler.find_child_by_attribute("func", "name", "vds.backups.delete"));
  auto other = doc_.child("mgrdata").append_child("handler");
  other.append_attribute("name") = "other";
  other.append_child("func").append_attribute("name") = "vds.backups.new";
  EXPECT_EQ(HandlerFuncs(handler), (std::vector<std::string>{"vds.backups", "vds.backups.new", "vds.backups.schedule",
                                                             "vds.backups.restore"}));
  EXPECT_EQ(HandlersOf(doc_, "vds.backups.delete"), std::vector<std::string>{});
  EXPECT_EQ(HandlersOf(doc_, "vds.backups.new"), (std::vector<std::string>{kBackupsHandler, "other"}));
}

TEST_F(BrokenDescriptor, SwappedDaysAndAWrongControlAreNoticed) {
  auto form = Metadata(doc_, kBackupsSchedule);
  auto sun = FormField(kBackupsSchedule, "sun");
  auto mon = FormField(kBackupsSchedule, "mon");
  ASSERT_TRUE(sun && mon);
  form.child("form").insert_move_after(sun, mon);
  Controls(FormField(kBackupsSchedule, "tue")).back().attribute("type") = "checkbox";
  const Pairs controls = FormControls(form);
  ASSERT_EQ(controls.size(), 14u);
  EXPECT_EQ(Pairs(controls.begin(), controls.begin() + 6),
            (Pairs{{"mon", "checkbox"}, {"mon_time", "text"}, {"sun", "checkbox"}, {"sun_time", "text"},
                   {"tue", "checkbox"}, {"tue_time", "checkbox"}}));
  EXPECT_EQ(FormLines(form).front(), (std::pair<std::string, std::string>{"mon", "mon,mon_time"}));
}

TEST_F(BrokenDescriptor, AMovedHideIsNoticed) {
  auto restore = ToolButton(Metadata(doc_, kBackupsList), "restore");
  ASSERT_TRUE(restore);
  restore.remove_child(restore.find_child_by_attribute("hide", "value", "failed"));
  restore.find_child_by_attribute("hide", "value", "creating").attribute("name") = "notes";
  EXPECT_EQ(HiddenFor(restore, "state"), (Names{"removing", "restoring"}));
}

TEST_F(BrokenDescriptor, AStrayHideIsNamed) {
  auto list = Metadata(doc_, kBackupsList);
  auto remove = ToolButton(list, "delete");
  ASSERT_TRUE(remove);
  auto hide = remove.append_child("hide");
  hide.append_attribute("name") = "state";
  hide.append_attribute("value") = "remove-failed";
  ToolButton(list, "restore").find_child_by_attribute("hide", "value", "failed").attribute("name") = "status";
  EXPECT_EQ(StrayHides(list, "state", kBackupStates),
            (Problems{"restore hides status=failed", "delete hides state=remove-failed"}));
}

TEST_F(BrokenDescriptor, ADroppedColumnAndAMissingStateOrColumnLabelAreNoticed) {
  auto progress = Msg("ru", kBackupsList, "progress");
  ASSERT_TRUE(progress);
  progress.parent().remove_child(progress);
  auto state = Msg("ru", kBackupsList, "remove_failed");
  ASSERT_TRUE(state);
  state.parent().remove_child(state);
  EXPECT_EQ(ListMessageGaps(doc_, kBackupsList), (Problems{"ru: vds.backups/progress"}));
  EXPECT_EQ(MissingMessages(doc_, kBackupsList, kBackupStates), (Problems{"ru: vds.backups/remove_failed"}));
  auto coldata = Metadata(doc_, kBackupsList).child("coldata");
  coldata.remove_child(coldata.find_child_by_attribute("col", "name", "progress"));
  EXPECT_EQ(Columns(Metadata(doc_, kBackupsList)), Pairs(kBackupsColumns.begin(), kBackupsColumns.end() - 1));
}

TEST_F(BrokenDescriptor, LostOrStrayBannersAndTheirPlaceholdersAreNamed) {
  auto over = Msg("en", kBackupsList, "msg_over_quota");
  ASSERT_TRUE(over);
  over.parent().remove_child(over);
  Msg("ru", kBackupsList, "msg_job_progress").text() = "Сейчас __job__: выполнено __progress__.";
  auto stale = Msg("en", kBackupsList, "title").parent().append_child("msg");
  stale.append_attribute("name") = "msg_job_queued";
  stale.text() = "A job is queued.";
  Msg("en", kBackupsSchedule, "msg_timezone").text() = "";
  EXPECT_EQ(BannerProblems(doc_, kBackupsList, kBackupsBanners),
            (Problems{"en: vds.backups/msg_over_quota missing or empty",
                      "ru: vds.backups/msg_job_progress fills __job__, __progress__, not __job__, __progress__, "
                      "__started__",
                      "en: vds.backups/msg_job_queued is no banner the handler sends"}));
  EXPECT_EQ(BannerProblems(doc_, kBackupsSchedule, kScheduleBanners),
            (Problems{"en: vds.backups.schedule/msg_timezone missing or empty"}));
  EXPECT_EQ(BannerProblems(doc_, kBackupsNew, kNewBackupBanners), Problems{});
}

TEST_F(BrokenDescriptor, ACommentThatNoLongerNamesAStateOrBannerIsNoticed) {
  pugi::xml_document commented;
  ASSERT_TRUE(commented.load_file(kDescriptor, pugi::parse_default | pugi::parse_comments));
  auto comment = Metadata(commented, kBackupsList).previous_sibling();
  ASSERT_EQ(comment.type(), pugi::node_comment);
  std::string text = ReplaceWord(comment.value(), "remove_failed", "given_up");
  text = ReplaceWord(text, "msg_timezone", "the zone banner");
  text = ReplaceWord(text, "progress", "percent");
  comment.set_value(text.c_str());
  // msg_remove_failed and msg_job_progress still stand: only whole words were replaced.
  EXPECT_EQ(Unmentioned(CommentBefore(commented, kBackupsList), BackupsListTerms()),
            (Names{"msg_timezone", "progress", "remove_failed"}));
  EXPECT_FALSE(MentionsWord("msg_restore_failed, restore_failed", "failed"));
}

TEST_F(BrokenDescriptor, MissingListLabelsAndConfirmationsAreNamed) {
  auto created = Msg("ru", kBackupsList, "created");
  ASSERT_TRUE(created);
  created.parent().remove_child(created);
  auto confirm = Msg("en", kBackupsList, "msg_vds.backups_restore");
  ASSERT_TRUE(confirm);
  confirm.parent().remove_child(confirm);
  Msg("en", kBackupsList, "hint_schedule").text() = "";
  EXPECT_EQ(ListMessageGaps(doc_, kBackupsList),
            (Problems{"en: vds.backups/hint_schedule", "en: vds.backups/msg_vds.backups_restore",
                      "ru: vds.backups/created"}));
}

TEST_F(BrokenDescriptor, MissingFormLabelsHintsAndTextsAreNamed) {
  auto time = Msg("ru", kBackupsSchedule, "sat_time");
  ASSERT_TRUE(time);
  time.parent().remove_child(time);
  Msg("en", kBackupsSchedule, "schedule_info").text() = "";
  Msg("ru", kBackupsNew, "hint_notes").text() = "";
  EXPECT_EQ(ClientFormMessageGaps(doc_, kBackupsSchedule),
            (Problems{"en: vds.backups.schedule/schedule_info", "ru: vds.backups.schedule/sat_time"}));
  EXPECT_EQ(ClientFormMessageGaps(doc_, kBackupsNew), (Problems{"ru: vds.backups.new/hint_notes"}));
}

TEST_F(BrokenDescriptor, ALostPlaceholderAndAnUntranslatedTextAreNamed) {
  Msg("ru", kBackupsList, "msg_restore_failed").text() = "Восстановление не удалось.";
  Msg("ru", kBackupsList, "short_new").text() = "Backup now";
  EXPECT_EQ(PlaceholderMismatches(doc_), (Problems{"vds.backups/msg_restore_failed: en __error__, ru (none)"}));
  EXPECT_EQ(NotRussian(doc_, kBackupsList), (Problems{"ru: vds.backups/short_new"}));
}

}  // namespace
