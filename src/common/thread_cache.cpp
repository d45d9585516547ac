// src/common/thread_cache.cpp — the public face of the per-thread scratch cache (scratch.hpp).
#include "kobling/thread_cache.hpp"

#include "common/scratch.hpp"

namespace kobling {

std::size_t thread_cache_bytes() noexcept { return detail::ScratchCache::local().cached_bytes(); }

std::size_t release_thread_cache() noexcept {
  detail::ScratchCache& cache = detail::ScratchCache::local();
  const std::size_t bytes = cache.cached_bytes();
  cache.release();
  return bytes;
}

}  // namespace kobling
