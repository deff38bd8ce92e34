// The pool's memory in the module's state (contract §12): the sales that size it, and one slot
// per pooled server. A slot is written before the hypervisor is asked for the server and names
// it (SlotName), so a tick killed mid-create finds what it made instead of making it twice. A
// buyer's `open` claims a ready slot in one transaction, so two opens never get the same server,
// and keeps the claim until the hand-over is done, so a rerun finishes its own hand-over.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sqlite.h"
#include "pool/planner.h"

namespace pm::vps::pool {

using pm::pool::Configuration;

enum class SlotState {
  Planned,   // the server is being asked for; its id is not known yet
  Creating,
  Ready,
  Broken,    // its creation failed
  Deleting,
};

struct Slot {
  long long id = 0;
  long module = 0;
  long long vmid = 0;  // 0 while planned
  Configuration configuration;
  std::int64_t created = 0;
  SlotState state = SlotState::Planned;
  long taken_by = 0;  // the service whose open is handing it over; 0 = in the pool
};

// The hypervisor-side name of a slot's server, by which a lost create answer is resolved.
std::string SlotName(long long slot);
// Whether `name` is one SlotName gives: only such servers can be the pool's.
bool IsSlotName(const std::string& name);

class PoolStore {
 public:
  explicit PoolStore(core::Sqlite& db);

  // Counts once per service, however often its open is rerun.
  void RecordSale(long module, long item, const Configuration& configuration, std::int64_t at);
  std::vector<pm::pool::Sale> Sales(long module);
  void ForgetSalesBefore(long module, std::int64_t at);

  Slot Plan(long module, const Configuration& configuration, std::int64_t now);
  // The slot's server and state. Never its claim: a tick saving what it read must not undo a claim
  // an open made meanwhile (only Claim writes one).
  void Save(const Slot& slot);
  void Forget(long long slot);
  std::vector<Slot> Slots(long module);

  // Marks a slot in the pool as being deleted; false when a buyer's open claimed it meanwhile.
  bool StartDeleting(long long slot);
  // A claimed slot whose buyer is gone: no longer held, and to be deleted by the next tick.
  void Abandon(long long slot);

  // The slot `item` holds already, else the oldest ready one of `configuration`, now held by
  // `item`; nullopt when none is ready.
  std::optional<Slot> Claim(long module, long item, const Configuration& configuration);

 private:
  core::Sqlite& db_;
};

}  // namespace pm::vps::pool
