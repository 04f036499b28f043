#pragma once

#include <cstddef>
#include <functional>

namespace archgate {

// Runs fn(0..count-1) on up to `jobs` threads (the caller's thread included).
// Tasks are taken in index order; fn must not throw.
void parallel_for(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& fn);

}  // namespace archgate
