#include "vps/pool/tick.h"

#include <ctime>
#include <map>
#include <set>

#include "core/run_lock.h"
#include "vps/pool/store.h"

namespace pm::vps::pool {
namespace {

constexpr std::int64_t kSalesKept = 366 * 24 * 60 * 60;  // longer than any sales period

struct ModulePool {
  PoolTickSetup& setup;
  const core::ModuleConfig& module;
  PoolStore store;
  PoolDriver& driver;
  std::int64_t now;
  PoolTickOutcome& outcome;

  void Log(core::LogLevel level, const std::string& text) {
    setup.log.Write(level, "pool of processing module " + std::to_string(module.id) + ": " + text);
  }
};

SlotState StateOf(PooledVm::State state) {
  switch (state) {
    case PooledVm::State::Creating: return SlotState::Creating;
    case PooledVm::State::Ready: return SlotState::Ready;
    case PooledVm::State::Failed: return SlotState::Broken;
    case PooledVm::State::Deleting: return SlotState::Deleting;
  }
  return SlotState::Creating;
}

void Remove(ModulePool& pool, long long vmid, const std::string& why) {
  pool.driver.Delete(vmid);
  pool.Log(core::LogLevel::Info, "deleting server " + std::to_string(vmid) + ": " + why);
  ++pool.outcome.removed;
}

// One slot against the hypervisor's view: a planned slot gets the id of the server its create
// made (or is dropped when none was made), a slot whose server is gone is dropped, the others
// take the server's state. A deletion that did not happen is asked for again.
void Reconcile(ModulePool& pool, Slot slot, const std::map<long long, PooledVm>& by_id,
               const std::map<std::string, PooledVm>& by_name) {
  if (slot.state == SlotState::Planned) {
    auto made = by_name.find(SlotName(slot.id));
    if (made == by_name.end()) return pool.store.Forget(slot.id);  // the create never reached the hypervisor
    slot.vmid = made->second.id;
    pool.Log(core::LogLevel::Info, "found server " + std::to_string(slot.vmid) + " that an earlier tick asked for");
  }
  auto vm = by_id.find(slot.vmid);
  if (vm == by_id.end()) {
    if (slot.state != SlotState::Deleting) {
      pool.Log(core::LogLevel::Warning, "server " + std::to_string(slot.vmid) + " is gone (removed outside the module)");
    }
    return pool.store.Forget(slot.id);
  }
  SlotState seen = StateOf(vm->second.state);
  if (slot.state == SlotState::Deleting && seen != SlotState::Deleting) {
    return Remove(pool, slot.vmid, "its earlier deletion did not happen");
  }
  bool was_made = slot.state == SlotState::Planned || slot.state == SlotState::Creating;
  if (was_made && seen == SlotState::Ready && pool.driver.CreationFailed(slot.vmid)) seen = SlotState::Broken;
  slot.state = seen;
  pool.store.Save(slot);
}

// The slots are read before the hypervisor is: a server an open finishes handing over in between
// is still known from its slot, so it is never taken for a stray one.
void ReconcileAll(ModulePool& pool) {
  auto slots = pool.store.Slots(pool.module.id);
  std::map<long long, PooledVm> by_id;
  std::map<std::string, PooledVm> by_name;
  for (const auto& vm : pool.driver.Pooled()) {
    by_id[vm.id] = vm;
    by_name[vm.name] = vm;
  }
  std::set<long long> known;
  for (const auto& slot : slots) {
    if (slot.vmid) known.insert(slot.vmid);
    if (slot.state == SlotState::Planned) {
      if (auto made = by_name.find(SlotName(slot.id)); made != by_name.end()) known.insert(made->second.id);
    }
    if (!slot.taken_by) Reconcile(pool, slot, by_id, by_name);  // a buyer's open is handing it over
  }
  for (const auto& [id, vm] : by_id) {
    if (known.count(id) || vm.state == PooledVm::State::Deleting) continue;
    Remove(pool, id, "it carries the pool's marker but the module's state does not know it");
  }
}

void RemovePlanned(ModulePool& pool, const pm::pool::Plan& plan, const std::map<long long, Slot>& slots) {
  for (const auto& removal : plan.remove) {
    const Slot& slot = slots.at(removal.id);
    if (!pool.store.StartDeleting(slot.id)) continue;  // a buyer took it meanwhile
    try {
      Remove(pool, slot.vmid, pm::pool::Explain(removal.why));
    } catch (const std::exception& failure) {
      pool.Log(core::LogLevel::Warning, "server " + std::to_string(slot.vmid) + " not deleted, tried again next tick: " +
                                            pool.setup.log.Masked(failure.what()));
    }
  }
}

void CreatePlanned(ModulePool& pool, const pm::pool::Plan& plan) {
  for (const auto& configuration : plan.create) {
    Slot slot = pool.store.Plan(pool.module.id, configuration, pool.now);
    try {
      slot.vmid = pool.driver.Create(configuration, SlotName(slot.id));
    } catch (const std::exception& failure) {
      auto error = pool.setup.translate(failure).value_or(core::Error(core::ErrorType::Internal, "", failure.what()));
      std::string what = pool.setup.log.Masked(error.what());
      if (error.type() == core::ErrorType::Connection) {
        // Whether the server was made is not known: the next tick looks for it by its name.
        pool.Log(core::LogLevel::Warning, "creating a server of " + Describe(configuration) + ": " + what);
        return;
      }
      pool.store.Forget(slot.id);
      pool.Log(core::LogLevel::Error, "the hypervisor refused a server of " + Describe(configuration) + ": " + what);
      continue;
    }
    slot.state = SlotState::Creating;
    pool.store.Save(slot);
    pool.Log(core::LogLevel::Info, "creating server " + std::to_string(slot.vmid) + " (" + SlotName(slot.id) + ") of " +
                                       Describe(configuration));
    ++pool.outcome.created;
  }
}

void PlanAndAct(ModulePool& pool, const std::optional<PoolSettings>& settings) {
  pool.store.ForgetSalesBefore(pool.module.id, pool.now - kSalesKept);
  // A pool switched off sells nothing: its servers go.
  auto sales = settings ? pool.store.Sales(pool.module.id) : std::vector<pm::pool::Sale>{};
  std::vector<pm::pool::PooledServer> servers;
  std::map<long long, Slot> slots;
  for (const auto& slot : pool.store.Slots(pool.module.id)) {
    if (slot.taken_by || slot.state == SlotState::Planned || slot.state == SlotState::Deleting) continue;
    auto state = slot.state == SlotState::Ready    ? pm::pool::PooledState::Ready
                 : slot.state == SlotState::Broken ? pm::pool::PooledState::Broken
                                                   : pm::pool::PooledState::Creating;
    servers.push_back({slot.id, slot.configuration, slot.created, state});
    slots[slot.id] = slot;
  }
  auto plan = pm::pool::PlanPool(settings ? settings->plan : pm::pool::Settings{}, sales, servers, pool.now);
  RemovePlanned(pool, plan, slots);
  CreatePlanned(pool, plan);
}

void TickModule(PoolTickSetup& setup, const core::ModuleConfig& module, PoolTickOutcome& outcome) {
  auto settings = PoolSettingsOf(module);
  auto& db = setup.files.Of(module);
  PoolStore store(db);
  if (!settings && store.Slots(module.id).empty()) return;
  ++outcome.modules;
  auto driver = setup.connect(module, settings.value_or(PoolSettings{}));
  ModulePool pool{setup, module, store, *driver, setup.now(), outcome};
  ReconcileAll(pool);
  PlanAndAct(pool, settings);
  for (const auto& slot : store.Slots(module.id)) outcome.ready += slot.state == SlotState::Ready && !slot.taken_by;
}

}  // namespace

PoolTickOutcome RunPoolTick(PoolTickSetup& setup) {
  auto lock = core::RunLock::TryAcquire(setup.files.IndexPath() + ".pool_tick.lock");
  if (!lock) {
    setup.log.Info("another pool_tick is running; this one exits");
    return {.skipped = true};
  }
  PoolTickOutcome outcome;
  for (const auto& module : setup.directory.Modules()) {
    try {
      TickModule(setup, module, outcome);
    } catch (const std::exception& failure) {
      // One unreachable platform must not hold up the others.
      auto error = setup.translate(failure).value_or(core::Error(core::ErrorType::Internal, "", failure.what()));
      setup.log.Error("pool tick of processing module " + std::to_string(module.id) + ": " +
                      setup.log.Masked(error.what()));
      ++outcome.modules_failed;
    }
  }
  return outcome;
}

std::int64_t SystemTime() { return std::time(nullptr); }

core::Reply TickReply(const PoolTickOutcome& outcome) {
  if (outcome.skipped) return core::Reply().Add("skipped", "another pool_tick is running");
  return core::Reply()
      .Add("pools", std::to_string(outcome.modules))
      .Add("modules_failed", std::to_string(outcome.modules_failed))
      .Add("created", std::to_string(outcome.created))
      .Add("removed", std::to_string(outcome.removed))
      .Add("ready", std::to_string(outcome.ready));
}

}  // namespace pm::vps::pool
