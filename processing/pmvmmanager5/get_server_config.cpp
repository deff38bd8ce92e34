// get_server_config: publish VMmanager's OS templates as `ostempl` values (contract §5, §11):
// internal name `<repository>__<osname>` as osmgr lists it, label the osname. A template on no
// node cannot be installed, so it is not offered. Only what changed is sent to the panel.
#include "core/error.h"
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/vm5_module.h"
#include "vmmanager5/catalog.h"
#include "vps/os_publication.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::GetServerConfig(core::Context& ctx) {
  long module = ctx.module().id;
  if (module <= 0) throw core::MissedError("processingmodule");
  Connection connection(ctx);
  vps::OsTemplates templates;
  for (const auto& os : vmmanager5::OsTemplates(connection.api())) {
    if (os.installed) templates[os.id] = vps::OsTemplate{os.name, {}};
  }
  auto published = vps::PublishOsTemplates(ctx.panel, ctx.state(), module, templates);
  core::Reply reply;
  vps::AddTo(reply, published);
  return reply;
}

}  // namespace pm::pmvmmanager5
