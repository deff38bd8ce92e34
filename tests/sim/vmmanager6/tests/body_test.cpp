// Strict request bodies: 3005 (not an object), 3008 (unexpected property), 3007 (wrong type),
// 3006 (missing), on host create and schedule edit.
#include "support.h"

namespace vm6sim::testing {
namespace {

using nlohmann::json;

class BodyTest : public SimTest {
 protected:
  void ExpectError(const Response& response, int code, const std::string& msg, const json& value) {
    EXPECT_EQ(response.status, 400) << response.raw;
    if (!response.body.is_object() || !response.body.contains("error")) return;
    EXPECT_EQ(response.code(), code) << response.raw;
    EXPECT_EQ(response.msg(), msg);
    EXPECT_EQ(response.value(), value);
  }
};

TEST_F(BodyTest, HostCreateRefusesAnUnexpectedProperty) {
  ExpectError(CreateHost({{"hostname", "x"}}), 3008, "PROXY-3008: Unexpected property 'hostname'",
              {{"property", "hostname"}});
  ExpectError(CreateHost({{"firewall_rules", json::array()}}), 3008,
              "PROXY-3008: Unexpected property 'firewall_rules'", {{"property", "firewall_rules"}});
  EXPECT_EQ(server_.State()["hosts"].size(), 1u);
}

TEST_F(BodyTest, HostCreateRefusesWrongTypes) {
  ExpectError(CreateHost({{"cluster", "1"}}), 3007,
              "PROXY-3007: Property 'cluster' must be of type integer",
              {{"property", "cluster"}, {"expected", "integer"}});
  ExpectError(CreateHost({{"ram_mib", 1024.5}}), 3007,
              "PROXY-3007: Property 'ram_mib' must be of type integer",
              {{"property", "ram_mib"}, {"expected", "integer"}});
  ExpectError(CreateHost({{"ipv6_enabled", "false"}}), 3007,
              "PROXY-3007: Property 'ipv6_enabled' must be of type boolean",
              {{"property", "ipv6_enabled"}, {"expected", "boolean"}});
  ExpectError(CreateHost({{"ipv4_pool", {1, "2"}}}), 3007,
              "PROXY-3007: Property 'ipv4_pool[1]' must be of type integer",
              {{"property", "ipv4_pool[1]"}, {"expected", "integer"}});
  ExpectError(CreateHost({{"name", 42}}), 3007,
              "PROXY-3007: Property 'name' must be of type string",
              {{"property", "name"}, {"expected", "string"}});
}

TEST_F(BodyTest, HostCreateRefusesMissingRequiredProperties) {
  ExpectError(CreateHost({{"name", nullptr}}), 3006, "PROXY-3006: Missing required property 'name'",
              {{"property", "name"}});
  ExpectError(CreateHost({{"os", nullptr}}), 3006, "PROXY-3006: Missing required property 'os'",
              {{"property", "os"}});
  ExpectError(CreateHost({{"hdd_mib", nullptr}}), 3006,
              "PROXY-3006: Missing required property 'hdd_mib'", {{"property", "hdd_mib"}});
}

TEST_F(BodyTest, NestedRecipeItemsAreCheckedToo) {
  ExpectError(CreateHost({{"recipe_list", {{{"recipe_params", json::array()}}}}}), 3006,
              "PROXY-3006: Missing required property 'recipe_list[0].recipe'",
              {{"property", "recipe_list[0].recipe"}});
  ExpectError(CreateHost({{"recipe_list", {{{"recipe", 1}, {"params", json::array()}}}}}), 3008,
              "PROXY-3008: Unexpected property 'recipe_list[0].params'",
              {{"property", "recipe_list[0].params"}});
  ExpectError(
      CreateHost(
          {{"recipe_list", {{{"recipe", 1}, {"recipe_params", {{{"name", "a"}, {"value", 1}}}}}}}}),
      3007, "PROXY-3007: Property 'recipe_list[0].recipe_params[0].value' must be of type string",
      {{"property", "recipe_list[0].recipe_params[0].value"}, {"expected", "string"}});
  ExpectError(CreateHost({{"custom_interfaces", {{{"ippool", 1}, {"mac", "x"}}}}}), 3008,
              "PROXY-3008: Unexpected property 'custom_interfaces[0].mac'",
              {{"property", "custom_interfaces[0].mac"}});
}

TEST_F(BodyTest, PresetExcludesExplicitSizes) {
  ExpectError(CreateHost({{"preset", 1}}), 3008, "PROXY-3008: Unexpected property 'cpu_number'",
              {{"property", "cpu_number"}});
  Response ok = CreateHost(
      {{"preset", 2}, {"cpu_number", nullptr}, {"ram_mib", nullptr}, {"hdd_mib", nullptr}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  json row = HostRow(ok.body["id"]);
  EXPECT_EQ(row["cpu_number"], 2);
  EXPECT_EQ(row["ram_mib"], 2048);
  EXPECT_EQ(row["disk"]["disk_mib"], 20480);
  EXPECT_EQ(row["preset"], 2);
}

TEST_F(BodyTest, ABodyThatIsNotAnObjectIs3005) {
  for (const char* body : {"", "[]", "\"x\"", "{", "null"}) {
    Response response = admin_->Send("POST", "/vm/v3/host/1/stop", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(response.code(), 3005) << body;
  }
}

TEST_F(BodyTest, PowerBodiesAreStrictToo) {
  Response response = admin_->Post("/vm/v3/host/1/stop", {{"force", "yes"}});
  EXPECT_EQ(response.code(), 3007);
  response = admin_->Post("/vm/v3/host/1/stop", {{"graceful", true}});
  EXPECT_EQ(response.code(), 3008);
  response = admin_->Post("/vm/v3/host/1/stop", {{"force", true}});
  EXPECT_EQ(response.status, 200) << response.raw;
}

TEST_F(BodyTest, ScheduleEditRefusesReadOnlyAndUnknownProperties) {
  ExpectError(admin_->Post("/vm/v3/schedule/1", {{"id", 1}}), 3008,
              "PROXY-3008: Unexpected property 'id'", {{"property", "id"}});
  ExpectError(admin_->Post("/vm/v3/schedule/1", {{"next_run", "2030-01-01 00:00:00"}}), 3008,
              "PROXY-3008: Unexpected property 'next_run'", {{"property", "next_run"}});
  ExpectError(admin_->Post("/vm/v3/schedule/1",
                           {{"start_time", {{"hour", 1}, {"minute", 0}, {"second", 0}}}}),
              3008, "PROXY-3008: Unexpected property 'start_time.second'",
              {{"property", "start_time.second"}});
}

TEST_F(BodyTest, ScheduleEditRefusesWrongTypesAndMissingNestedFields) {
  ExpectError(admin_->Post("/vm/v3/schedule/1", {{"hosts", "1"}}), 3007,
              "PROXY-3007: Property 'hosts' must be of type array",
              {{"property", "hosts"}, {"expected", "array"}});
  ExpectError(admin_->Post("/vm/v3/schedule/1", {{"start_time", {{"hour", "3"}, {"minute", 0}}}}),
              3007, "PROXY-3007: Property 'start_time.hour' must be of type integer",
              {{"property", "start_time.hour"}, {"expected", "integer"}});
  ExpectError(admin_->Post("/vm/v3/schedule/1", {{"start_time", {{"hour", 3}}}}), 3006,
              "PROXY-3006: Missing required property 'start_time.minute'",
              {{"property", "start_time.minute"}});
  ExpectError(admin_->Post("/vm/v3/schedule", {{"name", "x"}, {"type", "daily"}}), 3006,
              "PROXY-3006: Missing required property 'start_time'", {{"property", "start_time"}});
  // Nothing changed.
  Response schedule = admin_->Get("/vm/v3/schedule/1");
  EXPECT_EQ(schedule.body["start_time"]["hour"], 3);
  EXPECT_EQ(schedule.body["hosts"], json::array());
}

TEST_F(BodyTest, DeferIsAnObjectWithAnAction) {
  Response response =
      admin_->Post("/vm/v3/host/1/resource", {{"cpu_number", 2}, {"defer", "host_stop"}});
  EXPECT_EQ(response.code(), 3007);
  response = admin_->Post("/vm/v3/host/1/resource", {{"cpu_number", 2}, {"defer", json::object()}});
  EXPECT_EQ(response.code(), 3006);
  EXPECT_EQ(response.value(), json({{"property", "defer.action"}}));
  response = admin_->Post("/vm/v3/host/1/resource",
                          {{"cpu_number", 2}, {"defer", {{"action", "host_stop"}, {"when", 1}}}});
  EXPECT_EQ(response.code(), 3008);
  response = admin_->Post("/vm/v3/host/1/resource",
                          {{"cpu_number", 2}, {"defer", {{"action", "reboot"}}}});
  EXPECT_EQ(response.code(), 3009);
}

}  // namespace
}  // namespace vm6sim::testing
