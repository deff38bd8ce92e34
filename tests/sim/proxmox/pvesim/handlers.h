#pragma once

#include <nlohmann/json.hpp>

#include "pvesim/call.h"

// API handlers, one function per (method, path); the route table in routes.cpp binds them.
namespace pvesim {

// api_cluster.cpp
nlohmann::json GetVersion(Call& call);
nlohmann::json CreateTicket(Call& call);
nlohmann::json GetPermissions(Call& call);
nlohmann::json GetClusterResources(Call& call);
nlohmann::json GetNextId(Call& call);
nlohmann::json ListNodes(Call& call);
nlohmann::json GetNodeStatus(Call& call);
nlohmann::json GetNodeTime(Call& call);

// api_storage.cpp
nlohmann::json ListNodeStorage(Call& call);
nlohmann::json ListStorageContent(Call& call);
nlohmann::json GetVolume(Call& call);
nlohmann::json UpdateVolume(Call& call);
nlohmann::json DeleteVolume(Call& call);

// api_tasks.cpp
nlohmann::json ListTasks(Call& call);
nlohmann::json GetTaskStatus(Call& call);
nlohmann::json GetTaskLog(Call& call);
nlohmann::json StopTask(Call& call);

// api_qemu.cpp
nlohmann::json ListVms(Call& call);
nlohmann::json CreateVm(Call& call);
nlohmann::json GetVmStatus(Call& call);
nlohmann::json StartVm(Call& call);
nlohmann::json StopVm(Call& call);
nlohmann::json ShutdownVm(Call& call);
nlohmann::json RebootVm(Call& call);
nlohmann::json ResetVm(Call& call);
nlohmann::json DestroyVm(Call& call);

// api_config.cpp
nlohmann::json GetVmConfig(Call& call);
nlohmann::json UpdateVmConfigAsync(Call& call);
nlohmann::json UpdateVmConfigSync(Call& call);
nlohmann::json GetVmPending(Call& call);
nlohmann::json ResizeVmDisk(Call& call);

// api_clone.cpp
nlohmann::json CloneVm(Call& call);

// api_vzdump.cpp
nlohmann::json Vzdump(Call& call);

// restore.cpp (POST /nodes/{node}/qemu with `archive`)
nlohmann::json RestoreVm(Call& call);

}  // namespace pvesim
