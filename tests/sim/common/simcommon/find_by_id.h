#pragma once

#include <cstdint>

namespace simcommon {

// The object with that id in a map keyed by int ids (const or not); nullptr when there is none,
// also for an id beyond int's range (ids come from requests).
template <typename Map>
auto FindById(Map& objects, int64_t id) -> decltype(&objects.begin()->second) {
  auto it = objects.find(static_cast<int>(id));
  return it == objects.end() || it->first != id ? nullptr : &it->second;
}

}  // namespace simcommon
