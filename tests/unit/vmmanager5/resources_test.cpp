// The VMmanager 5 resources over scripted answers: what each sends (exactly the fields of its
// form), how rows are read, the install wait's growing, bounded pauses, a user made once.
#include <gtest/gtest.h>

#include "scripted_http.h"
#include "vmmanager5/catalog.h"
#include "vmmanager5/errors.h"
#include "vmmanager5/install.h"
#include "vmmanager5/users.h"
#include "vmmanager5/vms.h"

namespace pm::vmmanager5 {
namespace {

using test::ScriptedHttp;

class KeptSession : public http::SessionCache {
 public:
  std::optional<std::string> Load() override { return "s1"; }
  void Save(const std::string&) override {}
};

http::Response Xml(const std::string& body) { return {200, "OK", "<doc>" + body + "</doc>"}; }
const char* kVmRow = "<elem><id>7</id><name>web7</name><domain>web7.example.com</domain><ip>203.0.113.12</ip>"
                     "<uid>4</uid><mem>2048</mem><vcpu>2</vcpu><cputune>1000</cputune><vsize>20480</vsize>"
                     "<osname>ISPsystem__Debian-12-amd64</osname><state>running</state><blocked>off</blocked>";

class ResourcesTest : public ::testing::Test {
 protected:
  Api MakeApi() {
    return Api(http, "https://vm5.test/vmmgr", {"admin", "pw"}, sessions, [this](std::chrono::milliseconds d) {
      pauses.push_back(d.count());
    });
  }
  // The fields after func, out and auth.
  std::string Fields(size_t request) {
    const std::string& body = http.sent.at(request).body;
    return body.substr(body.find("auth=s1") + std::string("auth=s1").size());
  }
  ScriptedHttp http;
  KeptSession sessions;
  std::vector<long long> pauses;
};

TEST_F(ResourcesTest, AVmRowIsReadWithItsFlags) {
  http.Expect("POST", Xml(std::string(kVmRow) + "</elem><elem><id>8</id><installos/><state>down</state></elem>"));
  Api api = MakeApi();
  auto vms = ListVms(api);
  ASSERT_EQ(vms.size(), 2u);
  EXPECT_EQ(vms[0].id, 7);
  EXPECT_EQ(vms[0].owner, 4);
  EXPECT_EQ(vms[0].mem_mib, 2048);
  EXPECT_EQ(vms[0].vsize_mib, 20480);
  EXPECT_EQ(vms[0].os, "ISPsystem__Debian-12-amd64");
  EXPECT_TRUE(vms[0].Running());
  EXPECT_FALSE(vms[0].installing);
  EXPECT_TRUE(vms[1].installing);
  http.Expect("POST", Xml("<elem><id>x</id></elem>"));
  EXPECT_THROW(ListVms(api), UnexpectedAnswer);
}

TEST_F(ResourcesTest, ACreateSendsTheFormWithPasswordConfirmedAndThePanelsAddress) {
  http.Expect("POST", Xml("<id>9</id><ok/>"));
  http.Expect("POST", Xml("<id>10</id><ok/>"));
  http.Expect("POST", Xml("<ok/>"));
  Api api = MakeApi();
  NewVm vm;
  vm.name = "web9";
  vm.domain = "web9.example.com";
  vm.owner = 4;
  vm.password = "p&w";
  vm.os = "ISPsystem__Debian-12-amd64";
  vm.mem_mib = 1024;
  vm.vcpu = 1;
  vm.cputune = 100;
  vm.vsize_mib = 10240;
  vm.ip = "203.0.113.20";
  EXPECT_EQ(CreateVm(api, vm), 9);
  EXPECT_EQ(Fields(0),
            "&name=web9&domain=web9.example.com&user=4&password=p%26w&confirm=p%26w&vmi=ISPsystem__Debian-12-amd64"
            "&hostnode=auto&recipe=null&mem=1024&vcpu=1&cputune=100&vsize=10240&family=special&ip=203.0.113.20&sok=ok");
  vm.preset = 3;
  vm.ip.clear();
  vm.recipe = "5";
  EXPECT_EQ(CreateVm(api, vm), 10);
  EXPECT_EQ(Fields(1), "&name=web9&domain=web9.example.com&user=4&password=p%26w&confirm=p%26w"
                       "&vmi=ISPsystem__Debian-12-amd64&hostnode=auto&recipe=5&preset=3&family=ipv4&sok=ok");
  EXPECT_THROW(CreateVm(api, vm), UnexpectedAnswer) << "an answer without the id";
}

TEST_F(ResourcesTest, AnEditSendsOnlyWhatChangesAndNothingWhenNothingDoes) {
  http.Expect("POST", Xml("<ok/>"));
  Api api = MakeApi();
  EditVm(api, 7, {});
  EXPECT_TRUE(http.sent.empty());
  VmChange change;
  change.mem_mib = 4096;
  change.owner = 12;
  change.blocked = true;
  EditVm(api, 7, change);
  EXPECT_EQ(Fields(0), "&elid=7&mem=4096&user=12&blocked=on&sok=ok");
}

TEST_F(ResourcesTest, TheInstallWaitPausesLongerEachTimeUpTo30sAndChecksTheOsIsIn) {
  for (int i = 0; i < 7; ++i) http.Expect("POST", Xml("<elem><id>7</id><installing/></elem>"));
  http.Expect("POST", Xml(std::string(kVmRow) + "</elem>"));
  http.Expect("POST", Xml("<name>web7</name><osinstalled>on</osinstalled>"));
  Api api = MakeApi();
  EXPECT_EQ(WaitInstalled(api, 7).ip, "203.0.113.12");
  EXPECT_EQ(pauses, (std::vector<long long>{1000, 2000, 4000, 8000, 16000, 30000, 30000}));
  EXPECT_EQ(Fields(8), "&elid=7") << "the form is read, not submitted";
}

TEST_F(ResourcesTest, AnInstallThatNeverEndsIsATimeoutAndOneWithoutTheOsAFailure) {
  for (int i = 0; i < 5; ++i) http.Expect("POST", Xml("<elem><id>7</id><installos/></elem>"));
  Api api = MakeApi();
  EXPECT_THROW(WaitInstalled(api, 7, {.first_pause = std::chrono::milliseconds(10),
                                      .longest_pause = std::chrono::milliseconds(10),
                                      .limit = std::chrono::milliseconds(40)}),
               InstallTimeout);
  EXPECT_EQ(http.sent.size(), 5u);
  http.Expect("POST", Xml("<elem><id>7</id><state>down</state></elem>"));
  http.Expect("POST", Xml("<osinstalled>off</osinstalled>"));
  EXPECT_THROW(WaitInstalled(api, 7), InstallFailed);
  http.Expect("POST", Xml("<elem><id>8</id></elem>"));
  EXPECT_THROW(WaitInstalled(api, 7), UnexpectedAnswer) << "a VM that vanished";
}

TEST_F(ResourcesTest, AUserIsFoundByNameOrMadeOnceAndOneMadeMeanwhileIsTaken) {
  http.Expect("POST", Xml("<elem><id>3</id><name>a@example.com</name><level>16</level></elem>"));
  Api api = MakeApi();
  EXPECT_EQ(EnsureUser(api, "a@example.com", "pw").id, 3);

  http.Expect("POST", Xml(""));
  http.Expect("POST", Xml("<id>4</id><ok/>"));
  EXPECT_EQ(EnsureUser(api, "b@example.com", "p w").id, 4);
  EXPECT_EQ(Fields(2), "&name=b%40example.com&passwd=p%20w&confirm=p%20w&level=16&sok=ok");

  http.Expect("POST", Xml(""));
  http.Expect("POST", Xml(R"(<error type="exists" object="user"/>)"));
  http.Expect("POST", Xml("<elem><id>5</id><name>c@example.com</name></elem>"));
  EXPECT_EQ(EnsureUser(api, "c@example.com", "pw").id, 5);

  http.Expect("POST", Xml(""));
  http.Expect("POST", Xml(R"(<error type="value" object="name"><msg>Bad name</msg></error>)"));
  EXPECT_THROW(EnsureUser(api, "bad name", "pw"), ApiError);
}

TEST_F(ResourcesTest, TheCatalogueKeepsOnlyWhatVmmanagerCanUse) {
  http.Expect("POST", Xml("<elem><id>ISPsystem__Debian-12-amd64</id><name>Debian-12-amd64</name><installed>on</installed>"
                          "</elem><elem><id>ISPsystem__FreeBSD-13</id><name>FreeBSD-13</name><installed>off</installed>"
                          "</elem><elem><id>broken</id></elem>"));
  http.Expect("POST", Xml("<elem><id>2</id><name>Small</name></elem><elem><name>no id</name></elem>"));
  Api api = MakeApi();
  auto templates = OsTemplates(api);
  ASSERT_EQ(templates.size(), 2u);
  EXPECT_TRUE(templates[0].installed);
  EXPECT_FALSE(templates[1].installed);
  EXPECT_EQ(templates[1].name, "FreeBSD-13");
  auto presets = Presets(api);
  ASSERT_EQ(presets.size(), 1u);
  EXPECT_EQ(presets[0].name, "Small");
  http.Expect("POST", Xml("<elem><id>4</id><name>LAMP</name></elem>"));
  auto recipes = Recipes(api);
  ASSERT_EQ(recipes.size(), 1u);
  EXPECT_EQ(recipes[0].id, 4);
  EXPECT_EQ(Fields(2), "") << "recipemgr is read with no fields";
}

}  // namespace
}  // namespace pm::vmmanager5
