#include "vps/restored_mail.h"

#include <ctime>

#include "mail/smtp_mail.h"

namespace pm::vps {
namespace {

std::string Body(const core::Service& service, long job) {
  std::string server = service.params.Get("domain", "#" + std::to_string(service.id));
  std::string ip = service.params.Get("ip");
  if (!ip.empty()) server += " (" + ip + ")";
  return "Hello,\n\nyour virtual server " + server + " has been restored from its backup and started again.\n"
         "The current configuration of your plan was applied after the restore.\n\n"
         "Здравствуйте!\n\nВаш виртуальный сервер " + server +
         " восстановлен из резервной копии и снова запущен.\nПосле восстановления применены параметры вашего тарифа.\n\n"
         "(job " + std::to_string(job) + ")\n";
}

}  // namespace

void SendRestoredMail(const core::ModuleConfig& module, const core::Service& service, long job, core::Log& log) {
  auto url = module.params.Find("smtp_url");
  auto from = module.params.Find("mail_from");
  auto to = service.params.Find("email");
  if (!url || !from || !to) {
    log.Info("restore job " + std::to_string(job) + ": no mail sent (smtp_url, mail_from or the service's email is not set)");
    return;
  }
  try {
    mail::SendMail({*url}, {*from, *to, "Backup restored / Резервная копия восстановлена", Body(service, job)});
    log.Info("restore job " + std::to_string(job) + ": mailed " + *to);
  } catch (const std::exception& e) {
    log.Error("restore job " + std::to_string(job) + ": the Backup restored mail was not sent: " + e.what());
  }
}

}  // namespace pm::vps
