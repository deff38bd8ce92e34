#include "vm5sim/placement.h"

#include <algorithm>

#include "vm5sim/errors.h"
#include "vm5sim/params.h"

namespace vm5sim {

namespace {

bool HasTemplate(const Template& os, int node) {
  return std::find(os.nodes.begin(), os.nodes.end(), node) != os.nodes.end();
}

bool HasRoom(const World& world, const Node& node, int64_t mem) {
  if (node.vmlimit > 0 && world.VmCount(node.id) >= node.vmlimit) return false;
  return world.MemUsed(node.id) + mem <= node.mem_mib;
}

int AutoNode(const World& world, const Template& os, int64_t mem) {
  int best = 0;
  int best_count = 0;
  for (const auto& [id, node] : world.nodes) {
    if (node.blocked || !HasTemplate(os, id) || !HasRoom(world, node, mem)) continue;
    int count = world.VmCount(id);
    if (!best || count < best_count) {
      best = id;
      best_count = count;
    }
  }
  if (!best)
    throw ValueError("hostnode",
                     "No node can take the VM (blocked, full or without " + os.Id() + ")");
  return best;
}

}  // namespace

int ChooseNode(const World& world, const Template& os, int64_t mem, const std::string& hostnode) {
  if (hostnode.empty() || hostnode == "auto") return AutoNode(world, os, mem);
  const Node* node = simcommon::FindById(world.nodes, PositiveNumber(hostnode));
  if (!node) throw ValueError("hostnode", "Node '" + hostnode + "' does not exist");
  if (!HasTemplate(os, node->id))
    throw ValueError("vmi", "Template " + os.Id() + " is not installed on node " + node->name);
  if (node->blocked) throw ValueError("hostnode", "Node " + node->name + " is blocked");
  if (!HasRoom(world, *node, mem))
    throw ValueError("hostnode", "Node " + node->name + " has no room for the VM");
  return node->id;
}

}  // namespace vm5sim
