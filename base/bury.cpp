#include "base/bury.h"

#include <mutex>
#include <vector>

namespace archgate {

void detail::bury_pointer(const void* p) {
  // Never destroyed: the pointers stay reachable until the process ends.
  static auto* graveyard = new std::vector<const void*>();
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  graveyard->push_back(p);
}

}  // namespace archgate
