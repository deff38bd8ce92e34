#include "pmproxmox/translate.h"

#include <gtest/gtest.h>

#include "http/http_client.h"
#include "proxmox/errors.h"
#include "proxmox/tasks.h"

using namespace pm;
using core::ErrorType;

namespace {

std::pair<ErrorType, std::string> Of(const std::exception& e) {
  auto error = pmproxmox::Translate(e);
  if (!error) return {ErrorType::Internal, "<untranslated>"};
  return {error->type(), error->object()};
}

}  // namespace

TEST(Translate, MapsEachFailureToTheContractsType) {
  using proxmox::ApiError;
  EXPECT_EQ(Of(ApiError(401, "authentication failure")).first, ErrorType::Auth);
  EXPECT_EQ(Of(ApiError(403, "Permission check failed (/vms/100, VM.Allocate)")).first, ErrorType::Access);
  EXPECT_EQ(Of(ApiError(500, "VM is locked (backup)")), std::make_pair(ErrorType::Locked, std::string("backup")));
  EXPECT_EQ(Of(ApiError(500, "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout")).first, ErrorType::Locked);
  EXPECT_EQ(Of(ApiError(500, "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist")).first, ErrorType::NotFound);
  EXPECT_EQ(Of(ApiError(596, "Broken pipe")).first, ErrorType::Connection);
  EXPECT_EQ(Of(ApiError(500, "storage 'x' does not support content type 'images'")).first, ErrorType::Api);
  EXPECT_EQ(Of(ApiError(400, "Parameter verification failed.")).first, ErrorType::Api);
  EXPECT_EQ(Of(proxmox::TaskError("qmstart", "VM is locked (snapshot)")), std::make_pair(ErrorType::Locked, std::string("snapshot")));
  EXPECT_EQ(Of(proxmox::TaskError("qmclone", "clone failed")), std::make_pair(ErrorType::Api, std::string("qmclone")));
  EXPECT_EQ(Of(proxmox::TaskError("qmdestroy", "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout")),
            std::make_pair(ErrorType::Locked, std::string("file-lock")));
  EXPECT_EQ(Of(http::TransportError(http::TransportError::Kind::Tls, "certificate verify failed")).first, ErrorType::Connection);
  EXPECT_EQ(Of(std::runtime_error("other")).second, "<untranslated>");
}

TEST(Translate, AnAnswerOfTheWrongShapeIsTheHypervisorsNotOurs) {
  EXPECT_EQ(Of(proxmox::UnexpectedAnswer("Proxmox answered null instead of an object")).first, ErrorType::Api);
  try {
    (void)nlohmann::json(nullptr).get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    EXPECT_EQ(Of(e).first, ErrorType::Api);
  }
}

TEST(Translate, ALostAnswerSaysNoTaskOfItWasFound) {
  auto error = pmproxmox::Translate(
      proxmox::LostAnswer("POST", "/nodes/pve1/qemu/100/status/start", "Empty reply", std::chrono::seconds(2), 0));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type(), ErrorType::Connection);
  EXPECT_NE(std::string(error->what()).find("shows no task it started"), std::string::npos) << error->what();
}
