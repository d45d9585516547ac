// src/common/scratch.hpp (private) — reusable per-thread memory for the solvers'
// temporary arrays.
//
// Why. A solve builds O(n·k + m) bytes of temporary arrays (arcs, heaps,
// per-candidate state), megabytes at national scale. glibc hands blocks that
// large back to the kernel when they are freed, so the next solve takes a
// page fault on every page it touches again, a cost the fast wish-list
// solvers feel (their times: bench/RESULTS.md). ScratchVector<T> is
// a std::vector whose large blocks (>= 64 KiB) come from a small cache kept
// per thread: a freed block is kept (at most kScratchBlocks blocks and
// kScratchBytes bytes in all, the largest dropped first) and handed out again
// to the next request it fits. Small blocks go straight to operator new.
//
// Two further differences from std::vector<T>, both deliberate:
// - resize(n) default-initialises new elements: trivial types (indices,
//   doubles, plain records) are NOT zeroed. Use assign(n, value) where a
//   value is needed.
// - The cache is per thread and never shared, so it needs no locks; what a
//   thread keeps is freed when it exits, or earlier by
//   kobling::release_thread_cache() (include/kobling/thread_cache.hpp).
#pragma once

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace kobling::detail {

inline constexpr std::size_t kScratchMinBytes = std::size_t{64} << 10;
inline constexpr std::size_t kScratchBytes = std::size_t{64} << 20;
inline constexpr std::size_t kScratchBlocks = 16;

class ScratchCache {
 public:
  static ScratchCache& local() noexcept {
    thread_local ScratchCache cache;
    return cache;
  }
  ScratchCache(const ScratchCache&) = delete;
  ScratchCache& operator=(const ScratchCache&) = delete;
  ~ScratchCache() { release(); }

  /// A block of at least `bytes`: the smallest cached one that fits and is not
  /// more than 4x larger, else a new one.
  void* take(std::size_t bytes) {
    if (bytes >= kScratchMinBytes) {
      std::size_t best = blocks_.size();
      for (std::size_t b = 0; b < blocks_.size(); ++b) {
        const std::size_t have = blocks_[b].bytes;
        if (have >= bytes && have / 4 <= bytes &&
            (best == blocks_.size() || have < blocks_[best].bytes)) {
          best = b;
        }
      }
      if (best != blocks_.size()) {
        void* p = blocks_[best].p;
        cached_ -= blocks_[best].bytes;
        blocks_[best] = blocks_.back();
        blocks_.pop_back();
        return p;
      }
    }
    return ::operator new(bytes);
  }

  /// Returns a block of `bytes` (as requested from take) to the cache, or to
  /// the system when it is small or would not fit the cache.
  void give(void* p, std::size_t bytes) noexcept {
    if (bytes < kScratchMinBytes || bytes > kScratchBytes) {
      ::operator delete(p);
      return;
    }
    // Make room: drop the largest blocks first.
    while (!blocks_.empty() &&
           (blocks_.size() >= kScratchBlocks || cached_ + bytes > kScratchBytes)) {
      std::size_t largest = 0;
      for (std::size_t b = 1; b < blocks_.size(); ++b) {
        if (blocks_[b].bytes > blocks_[largest].bytes) {
          largest = b;
        }
      }
      if (blocks_[largest].bytes < bytes) {
        ::operator delete(p);  // everything cached is smaller: keep those instead
        return;
      }
      cached_ -= blocks_[largest].bytes;
      ::operator delete(blocks_[largest].p);
      blocks_[largest] = blocks_.back();
      blocks_.pop_back();
    }
    try {
      blocks_.push_back(Block{p, bytes});
      cached_ += bytes;
    } catch (...) {
      ::operator delete(p);
    }
  }

  void release() noexcept {
    for (const Block& b : blocks_) {
      ::operator delete(b.p);
    }
    blocks_.clear();
    cached_ = 0;
  }

  [[nodiscard]] std::size_t cached_bytes() const noexcept { return cached_; }

 private:
  ScratchCache() { blocks_.reserve(kScratchBlocks); }
  struct Block {
    void* p;
    std::size_t bytes;
  };
  std::vector<Block> blocks_;
  std::size_t cached_ = 0;
};

template <class T>
struct ScratchAllocator {
  using value_type = T;
  ScratchAllocator() noexcept = default;
  template <class U>
  ScratchAllocator(const ScratchAllocator<U>& /*other*/) noexcept {}  // NOLINT

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) {
      throw std::bad_array_new_length();
    }
    return static_cast<T*>(ScratchCache::local().take(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { ScratchCache::local().give(p, n * sizeof(T)); }

  /// Default-initialisation for resize(n) and the like (no zeroing).
  template <class U>
  void construct(U* p) noexcept(noexcept(::new (static_cast<void*>(p)) U)) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  friend bool operator==(const ScratchAllocator&, const ScratchAllocator&) noexcept { return true; }
  friend bool operator!=(const ScratchAllocator&, const ScratchAllocator&) noexcept {
    return false;
  }
};

template <class T>
using ScratchVector = std::vector<T, ScratchAllocator<T>>;

}  // namespace kobling::detail
