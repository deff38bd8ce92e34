// `where` filtering (grammar, encodings), orderby/limit, routing errors.
#include "vm6sim/where.h"

#include "support.h"
#include "vm6sim/errors.h"

namespace vm6sim::testing {
namespace {

using nlohmann::json;

TEST(FilterTest, TermsJoinWithAndOrAndParentheses) {
  json row = {{"id", 5},
              {"name", "web one"},
              {"account", {{"id", 2}, {"email", "a@b"}}},
              {"roles", {"@admin"}},
              {"defer_reason", nullptr},
              {"disabled", false}};
  auto match = [&](const std::string& text) { return Filter::Parse(text).Matches(row); };
  EXPECT_TRUE(match("(id EQ 5)"));
  EXPECT_TRUE(match("id EQ '5'"));
  EXPECT_FALSE(match("(id EQ 6)"));
  EXPECT_TRUE(match("(account.id EQ 2) AND (name EQ 'web one')"));
  EXPECT_FALSE(match("(account.id EQ 3) AND (name EQ 'web one')"));
  EXPECT_TRUE(match("(account.id EQ 3) OR (name EQ 'web one')"));
  EXPECT_TRUE(match("((id EQ 1) OR (id EQ 5)) AND (account.email EQ 'a@b')"));
  EXPECT_FALSE(match("(id EQ 1) OR (id EQ 5) AND (account.email EQ 'x')"));  // AND binds tighter
  EXPECT_TRUE(match("((id EQ 1) OR (id EQ 5)) AND NOTHING NE 'x'") == false);
  EXPECT_TRUE(match("name CP 'web%'"));
  EXPECT_TRUE(match("name CP '%ONE'"));  // case-insensitive
  EXPECT_TRUE(match("name CP 'web_one'"));
  EXPECT_FALSE(match("name CP 'web'"));
  EXPECT_TRUE(match("roles CP '%@admin%'"));
  EXPECT_TRUE(match("id GT 4"));
  EXPECT_TRUE(match("id LT 10"));  // numerically, not "5" < "10" as text
  EXPECT_TRUE(match("name NE 'x'"));
  EXPECT_TRUE(match("defer_reason EQ ''"));
  EXPECT_TRUE(match("disabled EQ 'false'"));
  EXPECT_TRUE(match("name EQ 'it\\'s'") == false);
}

TEST(FilterTest, MalformedFiltersAreRefused) {
  for (const char* text : {"", "(id EQ 5", "id EQ", "id LIKE 5", "id EQ five", "(id EQ 5) AND",
                           "id EQ 'open", "id EQ 5)", "and EQ 5 OR"}) {
    try {
      Filter::Parse(text);
      ADD_FAILURE() << "parsed: " << text;
    } catch (const ApiError& error) {
      EXPECT_EQ(error.status(), 400) << text;
      EXPECT_EQ(error.code(), 3019) << text;
    }
  }
}

class WhereTest : public SimTest {
 protected:
  std::vector<std::string> Names(const std::string& query) {
    Response response = admin_->Get("/vm/v3/host?" + query);
    EXPECT_EQ(response.status, 200) << query << " " << response.raw;
    std::vector<std::string> names;
    for (const auto& row : response.body["list"]) names.push_back(row["name"]);
    return names;
  }
};

TEST_F(WhereTest, HostListsFilterInEveryEncoding) {
  ASSERT_EQ(CreateHost({{"name", "web one"}}).status, 200);
  ASSERT_EQ(CreateHost({{"name", "db+1"}, {"cluster", 2}, {"os", 5}}).status, 200);
  using Names = std::vector<std::string>;
  EXPECT_EQ(this->Names("where=(name+EQ+'web+one')"), Names({"web one"}));
  EXPECT_EQ(this->Names("where=(name%20EQ%20%27web%20one%27)"), Names({"web one"}));
  EXPECT_EQ(this->Names("where=name+EQ+'db%2B1'"), Names({"db+1"}));
  EXPECT_EQ(this->Names("where=name+EQ+'db+1'"), Names());  // '+' is a space
  EXPECT_EQ(this->Names("where=((cluster.id+EQ+1)+AND+(account.id+EQ+2))"),
            Names({"foreign1", "web one"}));
  EXPECT_EQ(this->Names("where=(name+CP+'%25one%25')+OR+(cluster.id+EQ+2)"),
            Names({"web one", "db+1"}));
  EXPECT_EQ(this->Names("where=(id+EQ+'1')"), Names({"foreign1"}));
  EXPECT_EQ(this->Names("where=(ip4+CP+'%25203.0.113.10%25')"), Names({"db+1"}));
  EXPECT_EQ(this->Names("orderby=id+DESC"), Names({"db+1", "web one", "foreign1"}));
  EXPECT_EQ(this->Names("orderby=name&limit=1,1"), Names({"foreign1"}));
}

TEST_F(WhereTest, SizeCountsAllMatchesBeforeLimit) {
  Response response = admin_->Get("/vm/v3/os?where=(clusters+CP+'%25Cluster1%25')&limit=0,2");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body["list"].size(), 2u);
  EXPECT_EQ(response.body["size"], 4);
}

TEST_F(WhereTest, EveryListFilters) {
  for (const char* path :
       {"/vm/v3/cluster", "/vm/v3/node", "/vm/v3/os", "/vm/v3/repository", "/vm/v3/preset",
        "/vm/v3/recipe", "/vm/v3/ippool", "/vm/v3/account", "/vm/v3/schedule", "/vm/v3/task",
        "/vm/v3/backup_location", "/vm/v3/host/1/ipv4"}) {
    Response all = admin_->Get(path);
    ASSERT_EQ(all.status, 200) << path;
    Response none = admin_->Get(std::string(path) + "?where=(id+EQ+999)");
    ASSERT_EQ(none.status, 200) << path;
    EXPECT_TRUE(none.body["list"].empty()) << path;
    EXPECT_EQ(none.body["size"], 0) << path;
  }
}

TEST_F(WhereTest, AnUnparseableFilterIs400) {
  Response response = admin_->Get("/vm/v3/host?where=(id+EQ+1");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.code(), 3019);
  EXPECT_EQ(response.value(), json({{"parameter", "where"}}));
  EXPECT_EQ(admin_->Get("/vm/v3/host?orderby=id+UP").code(), 3019);
  EXPECT_EQ(admin_->Get("/vm/v3/host?limit=x").code(), 3019);
}

TEST_F(WhereTest, TasksAreFoundByConsulIdAndName) {
  Response stop = admin_->Post("/vm/v3/host/1/stop");
  ASSERT_EQ(stop.status, 200);
  int consul = stop.body["task"];
  Response rows = admin_->Get("/vm/v3/task?where=((consul_id+EQ+'" + std::to_string(consul) +
                              "')+AND+(name+EQ+'host_stop'))");
  ASSERT_EQ(rows.status, 200);
  ASSERT_EQ(rows.body["list"].size(), 1u);
  json row = rows.body["list"][0];
  EXPECT_EQ(row["status"], "running");
  EXPECT_EQ(row["host"], json({{"id", 1}}));
  EXPECT_NE(row["id"], consul);  // the row id is not the consul id
  Response by_id = admin_->Get("/vm/v3/task/" + std::to_string(row["id"].get<int>()));
  EXPECT_EQ(by_id.status, 200);
  EXPECT_EQ(by_id.body["consul_id"], consul);
  EXPECT_EQ(admin_->Get("/vm/v3/task/" + std::to_string(consul)).status, 404);
}

TEST_F(WhereTest, UnknownPathsAndMethods) {
  Response response = admin_->Get("/vm/v3/nosuch");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body,
            json::parse(R"({"error":{"code":1106,"msg":"Request handler not found","value":{}}})"));
  EXPECT_EQ(admin_->Get("/vm/v4/host").status, 404);
  EXPECT_EQ(admin_->Get("/vm/v3/host/1/start").code(), 1106);  // POST only
  EXPECT_EQ(admin_->Get("/vm/v3/host/abc").code(), 1106);
  EXPECT_EQ(NewClient().Get("/vm/v3/nosuch").code(), 1106);  // before authentication
  Response put = admin_->Send("PUT", "/vm/v3/host/1", "{}");
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.code(), 1107);
  Response missing = admin_->Get("/vm/v3/host/99");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.code(), 3080);
  EXPECT_EQ(missing.msg(), "Instance not found");
  EXPECT_EQ(missing.value(), json({{"id", 99}}));
}

TEST_F(WhereTest, CatalogueRowsHaveTheirFields) {
  Response os = admin_->Get("/vm/v3/os?where=(name+EQ+'Debian+12')");
  ASSERT_EQ(os.body["list"].size(), 1u);
  json debian = os.body["list"][0];
  EXPECT_EQ(debian["repository"], "ISPsystem");
  EXPECT_EQ(debian["repository_id"], 1);
  EXPECT_EQ(debian["hdd_mib_required"], 5120);
  EXPECT_EQ(debian["min_ram_mib"], 512);
  EXPECT_EQ(debian["adminonly"], false);
  EXPECT_EQ(debian["state"], "active");
  EXPECT_EQ(debian["clusters"],
            json({{{"id", 1}, {"name", "Cluster1"}}, {{"id", 2}, {"name", "Cluster2"}}}));
  Response windows = admin_->Get("/vm/v3/os?where=(adminonly+EQ+'true')");
  ASSERT_EQ(windows.body["list"].size(), 1u);
  EXPECT_EQ(windows.body["list"][0]["name"], "Windows Server 2022");
  Response cluster = admin_->Get("/vm/v3/cluster?where=(id+EQ+2)");
  EXPECT_EQ(cluster.body["list"][0], json({{"id", 2},
                                           {"name", "Cluster2"},
                                           {"virtualization_type", "kvm"},
                                           {"state", "active"},
                                           {"ippools", {{{"id", 2}}}},
                                           {"node_count", 1},
                                           {"host_count", 0},
                                           {"time_zone", "UTC"}}));
  Response pool = admin_->Get("/vm/v3/ippool?where=(name+EQ+'pool1')");
  EXPECT_EQ(pool.body["list"][0]["total_ip"], 51);
  EXPECT_EQ(pool.body["list"][0]["using_ip"], 1);
  Response node = admin_->Get("/vm/v3/node?where=(cluster.id+EQ+2)");
  EXPECT_EQ(node.body["list"][0]["name"], "node2");
  Response preset = admin_->Get("/vm/v3/preset?where=(name+EQ+'Medium')");
  EXPECT_EQ(preset.body["list"][0]["ram_mib"], 2048);
  Response recipe = admin_->Get("/vm/v3/recipe");
  EXPECT_EQ(recipe.body["list"][0]["repository"], "ISPsystem");
  Response repository = admin_->Get("/vm/v3/repository?where=(name+EQ+'local-repo')");
  EXPECT_EQ(repository.body["list"][0]["type"], "os");
}

}  // namespace
}  // namespace vm6sim::testing
