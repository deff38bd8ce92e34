// Every route and parameter the simulator accepts must exist in the real PVE 9.1 schema
// (apidata.js from pve-docs) with a compatible definition.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pvesim/server.h"

namespace pvesim::testing {

namespace {

std::string SchemaPath() {
  if (const char* env = std::getenv("PM_APIDATA")) return env;
  return std::string(PM_SOURCE_DIR) + "/../shared/reference/proxmox/apidata.js";
}

// apidata.js is "const apiSchema = [...];": the JSON is between the first '[' and the last ']'.
std::map<std::string, nlohmann::json> LoadSchema(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string js = text.str();
  nlohmann::json tree =
      nlohmann::json::parse(js.substr(js.find('['), js.rfind(']') - js.find('[') + 1));
  std::map<std::string, nlohmann::json> index;
  std::vector<nlohmann::json> todo(tree.begin(), tree.end());
  while (!todo.empty()) {
    nlohmann::json node = todo.back();
    todo.pop_back();
    index[node["path"].get<std::string>()] = node.value("info", nlohmann::json::object());
    for (const auto& child : node.value("children", nlohmann::json::array())) todo.push_back(child);
  }
  return index;
}

double Number(const nlohmann::json& value) {
  return value.is_string() ? std::stod(value.get<std::string>()) : value.get<double>();
}

void CheckParam(const std::string& where, const ParamInfo& param, const nlohmann::json& schema) {
  SCOPED_TRACE(where + " " + param.name);
  if (param.type.empty()) {  // an alias key: only its existence matters
    EXPECT_TRUE(schema.contains("alias")) << "not an alias in the schema";
    return;
  }
  EXPECT_EQ(param.type, schema.value("type", "")) << "type differs";
  bool schema_optional = schema.contains("optional") && schema["optional"] == 1;
  if (!schema.contains("default_key")) {
    EXPECT_EQ(param.optional, schema_optional) << "optionality differs";
  }
  for (const std::string& value : param.enumeration) {
    ASSERT_TRUE(schema.contains("enum")) << "schema has no enum";
    const auto& allowed = schema["enum"];
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), value), allowed.end())
        << "enum value " << value;
  }
  if (param.minimum) {
    ASSERT_TRUE(schema.contains("minimum"));
    EXPECT_EQ(*param.minimum, Number(schema["minimum"]));
  }
  if (param.maximum) {
    ASSERT_TRUE(schema.contains("maximum"));
    EXPECT_EQ(*param.maximum, Number(schema["maximum"]));
  }
  const nlohmann::json format = schema.value("format", nlohmann::json());
  if (!param.subkeys.empty() && format.is_object()) {
    for (const ParamInfo& sub : param.subkeys) {
      ASSERT_TRUE(format.contains(sub.name)) << "property-string key " << sub.name << " unknown";
      CheckParam(where + " " + param.name, sub, format[sub.name]);
    }
  } else if (!param.format.empty()) {
    EXPECT_EQ(param.format, format.is_string() ? format.get<std::string>() : "")
        << "format differs";
  }
}

}  // namespace

TEST(Conformance, RoutesAndParametersExistInTheSchema) {
  std::string path = SchemaPath();
  if (!std::ifstream(path))
    GTEST_SKIP() << "apidata.js not found at " << path << "; set PM_APIDATA";
  auto schema = LoadSchema(path);
  std::vector<RouteInfo> routes = RouteTable();
  ASSERT_GT(routes.size(), 30u);
  for (const RouteInfo& route : routes) {
    std::string where = route.method + " " + route.path;
    SCOPED_TRACE(where);
    ASSERT_TRUE(schema.count(route.path)) << "path not in schema";
    const nlohmann::json& info = schema[route.path];
    ASSERT_TRUE(info.contains(route.method)) << "method not in schema";
    nlohmann::json properties =
        info[route.method]["parameters"].value("properties", nlohmann::json::object());
    for (const ParamInfo& param : route.params) {
      ASSERT_TRUE(properties.contains(param.name))
          << "parameter " << param.name << " not in schema";
      CheckParam(where, param, properties[param.name]);
    }
  }
}

}  // namespace pvesim::testing
