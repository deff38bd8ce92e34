#include "proxmox/row_stream.h"

#include <gtest/gtest.h>

#include "proxmox/errors.h"

using namespace pm::proxmox;
using nlohmann::json;

namespace {

std::vector<json> RowsOf(const std::string& body) {
  std::vector<json> rows;
  ForEachDataRow(body, [&](const json& row) { rows.push_back(row); });
  return rows;
}

}  // namespace

TEST(RowStream, HandsOverEachRowWhole) {
  auto rows = RowsOf(R"({"total":2,"data":[{"vmid":100,"name":"a","tags":["x","y"],"ha":{"state":"started"}},
                                           {"vmid":"101","lock":null}],"extra":{"data":[1]}})");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], json::parse(R"({"vmid":100,"name":"a","tags":["x","y"],"ha":{"state":"started"}})"));
  EXPECT_EQ(rows[1], json::parse(R"({"vmid":"101","lock":null})"));
}

TEST(RowStream, ANullOrMissingListingHasNoRows) {
  EXPECT_TRUE(RowsOf(R"({"data":null})").empty());
  EXPECT_TRUE(RowsOf(R"({"data":[]})").empty());
  EXPECT_TRUE(RowsOf(R"({})").empty());
}

TEST(RowStream, RowsThatAreNoObjectsReachTheCallerToJudge) {
  auto rows = RowsOf(R"({"data":[1,"two",[3]]})");
  EXPECT_EQ(rows, (std::vector<json>{1, "two", json::array({3})}));
}

TEST(RowStream, WhatIsNoListingIsAnUnexpectedAnswer) {
  EXPECT_THROW(RowsOf(R"({"data":{"vmid":100}})"), UnexpectedAnswer);
  EXPECT_THROW(RowsOf(R"({"data":"OK"})"), UnexpectedAnswer);
  EXPECT_THROW(RowsOf(R"({"data":[{"vmid":1})"), UnexpectedAnswer);
  EXPECT_THROW(RowsOf("not json"), UnexpectedAnswer);
  EXPECT_THROW(RowsOf(""), UnexpectedAnswer);
  EXPECT_THROW(RowsOf(R"([{"vmid":100}])"), UnexpectedAnswer) << "an answer is an object";
  EXPECT_THROW(RowsOf("5"), UnexpectedAnswer);
}
