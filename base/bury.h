// Big structures built for one run of the command line (the models) are
// not freed at its end: freeing millions of small
// allocations one by one took a fifth of a full check, and the process is
// about to exit anyway. bury() keeps the object alive and reachable (from a
// static list, so leak checkers do not report it) until the process ends.
// LLVM does the same with llvm::BuryPointer. Only for objects whose
// destructors have no effect besides freeing memory.
#pragma once

#include <memory>

namespace archgate {

namespace detail {
void bury_pointer(const void* p);
}  // namespace detail

template <typename T>
void bury(std::unique_ptr<T> object) {
  detail::bury_pointer(object.release());
}

}  // namespace archgate
