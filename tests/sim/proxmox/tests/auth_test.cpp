// Authentication: tickets, CSRF tokens, API tokens, permissions.
#include "sim_test_support.h"

namespace pvesim::testing {

TEST_F(SimTest, LoginReturnsTicketCsrfTokenAndClusterName) {
  ApiClient client = NewClient();
  ApiResponse response = client.Login("billing@pve", "billing-secret");
  ASSERT_EQ(response.status, 200);
  std::string ticket = response.data()["ticket"];
  EXPECT_EQ(ticket.rfind("PVE:billing@pve:", 0), 0u);
  EXPECT_NE(ticket.find("::"), std::string::npos);
  EXPECT_EQ(response.data()["username"], "billing@pve");
  EXPECT_EQ(response.data()["clustername"], "sim");
  EXPECT_TRUE(response.data()["cap"]["vms"].contains("VM.Allocate"));
}

TEST_F(SimTest, BadPasswordIsAnAuthenticationFailure) {
  ApiClient client = NewClient();
  ApiResponse response = client.Login("billing@pve", "wrong");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.reason, "authentication failure");
  EXPECT_EQ(response.message(), "authentication failure\n");
}

TEST_F(SimTest, RequestsWithoutTicketGetNoTicketWithoutBody) {
  ApiClient anonymous = NewClient();
  ApiResponse response = anonymous.Get("/nodes");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.reason, "No ticket");
  EXPECT_TRUE(response.raw.empty());
}

TEST_F(SimTest, WritesWithTicketNeedTheCsrfToken) {
  ApiClient client = NewClient();
  client.UseTicket(api_->ticket(), "");
  ApiResponse response = client.Put("/nodes/pve1/qemu/9000/config", {{"description", "x"}});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.reason, "Permission denied - invalid csrf token");
  // Reads do not need it.
  EXPECT_EQ(client.Get("/nodes/pve1/qemu/9000/config").status, 200);
}

TEST_F(SimTest, TicketInAuthorizationHeaderIsAccepted) {
  ApiClient client = NewClient();
  ApiResponse response = client.Send("GET", "/api2/json/version", "", "",
                                     {{"Authorization", "PVEAuthCookie=" + api_->ticket()}}, true);
  EXPECT_EQ(response.status, 200);
}

TEST_F(SimTest, ApiTokenNeedsNoCsrfToken) {
  ApiClient token = Token();
  EXPECT_EQ(token.Get("/cluster/resources", {{"type", "vm"}}).status, 200);
  ApiResponse response = token.Put("/nodes/pve1/qemu/9000/config", {{"description", "via token"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.data().is_null());
}

TEST_F(SimTest, WrongTokenSecretFails) {
  ApiClient client = NewClient();
  client.UseToken("PVEAPIToken=billing@pve!bm=00000000-0000-0000-0000-000000000000");
  ApiResponse response = client.Get("/version");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.reason, "Authentication failed!");
}

TEST_F(SimTest, TokensCannotCreateTickets) {
  ApiClient token = Token();
  ApiResponse response =
      token.Post("/access/ticket", {{"username", "billing@pve"}, {"password", "billing-secret"}});
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.reason,
            "Permission check failed (URI '/access/ticket' not available with API token, need "
            "proper ticket.");
}

TEST_F(SimTest, TicketRenewsWithItselfAsPassword) {
  ApiClient client = NewClient();
  ApiResponse response = client.Login("billing@pve", api_->ticket());
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(client.Get("/version").status, 200);
}

TEST_F(SimTest, TicketsExpireAfterTwoHours) {
  server_.AdvanceClock(7100);
  EXPECT_EQ(api_->Get("/version").status, 200);
  ApiClient renewed = NewClient();
  ASSERT_EQ(renewed.Login("billing@pve", api_->ticket()).status, 200);
  server_.AdvanceClock(200);
  ApiResponse expired = api_->Get("/version");
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.reason, "Authentication failed!");
  EXPECT_EQ(renewed.Get("/version").status, 200);
  EXPECT_EQ(NewClient().Login("billing@pve", api_->ticket()).status, 401);
}

TEST_F(SimTest, AuditorMayReadButNotWrite) {
  ApiClient audit = Audit();
  EXPECT_EQ(audit.Get("/nodes/pve1/qemu/9000/config").status, 200);
  ApiResponse destroy = audit.Delete("/nodes/pve1/qemu/9000");
  EXPECT_EQ(destroy.status, 403);
  EXPECT_EQ(destroy.message(), "Permission check failed (/vms/9000, VM.Allocate)\n");
  ApiResponse clone = audit.Post("/nodes/pve1/qemu/9000/clone", {{"newid", "150"}});
  EXPECT_EQ(clone.status, 403);
  EXPECT_EQ(clone.reason, "Permission check failed (/vms/9000, VM.Clone)");
  ApiResponse config = audit.Put("/nodes/pve1/qemu/9000/config", {{"cores", "2"}});
  EXPECT_EQ(config.status, 403);
  EXPECT_EQ(config.reason,
            "Permission check failed (/vms/9000, VM.Config.Disk|VM.Config.CDROM|VM.Config.CPU|"
            "VM.Config.Memory|VM.Config.Network|VM.Config.HWType|VM.Config.Options|"
            "VM.Config.Cloudinit)");
  ApiResponse create = audit.Post("/nodes/pve1/qemu", {{"vmid", "150"}});
  EXPECT_EQ(create.status, 403);
  EXPECT_EQ(create.message(), "Permission check failed\n");
}

TEST_F(SimTest, PermissionsListTheCallersPrivileges) {
  ApiClient audit = Audit();
  ApiResponse response = audit.Get("/access/permissions", {{"path", "/vms/100"}});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.data()["/vms/100"],
            (nlohmann::json{{"Datastore.Audit", 1}, {"Sys.Audit", 1}, {"VM.Audit", 1}}));
  ApiResponse all = api_->Get("/access/permissions");
  EXPECT_EQ(all.data()["/"]["VM.Allocate"], 1);
}

}  // namespace pvesim::testing
