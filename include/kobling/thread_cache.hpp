// kobling/thread_cache.hpp — the per-thread memory kobling keeps between solves.
//
// The solvers' large temporary arrays (arcs, heaps, per-candidate state;
// O(n·k + m) bytes) come from a small cache kept per thread, so that
// a service or a simulation that solves many instances in a row does not pay
// the kernel's page faults on every call. A thread keeps at most 64 MiB in at
// most 16 blocks; results never depend on it. The cache is freed when the
// thread exits; a long-lived thread that is done solving can free it earlier.
#pragma once

#include <cstddef>

namespace kobling {

/// Bytes the calling thread currently keeps for reuse by later solves.
[[nodiscard]] std::size_t thread_cache_bytes() noexcept;

/// Frees the calling thread's cache (other threads' caches are untouched) and
/// returns the number of bytes freed.
std::size_t release_thread_cache() noexcept;

}  // namespace kobling
