// Times on the Backups page, in the one zone every backup time lives in: the cluster's, where the
// schedule runs (vps/backups/journal.h ClusterZone). Until a tick has seen the cluster, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "vps/backups/journal.h"

namespace pm::addons {

// "2026-05-01 03:00:12" in the zone: by its tz name when the host knows it (daylight saving
// included), else by the offset the cluster reported.
std::string ShowTime(std::int64_t epoch, const std::optional<vps::backups::ClusterZone>& zone);
// "Europe/Moscow (UTC+03:00)", or "UTC".
std::string ShowZone(const std::optional<vps::backups::ClusterZone>& zone);

}  // namespace pm::addons
