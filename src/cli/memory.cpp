// src/cli/memory.cpp — the size of a failed allocation, and whether the
// program could keep its reserve for unwinding.
#include "cli/memory.hpp"

#include <atomic>

namespace kobling::cli {

namespace {

std::atomic<std::size_t> g_failed{0};
std::atomic<std::size_t> g_missing_reserve{0};

}  // namespace

std::size_t failed_allocation() noexcept { return g_failed.load(); }

void record_failed_allocation(std::size_t size) noexcept { g_failed.store(size); }

void record_missing_reserve(std::size_t size) noexcept { g_missing_reserve.store(size); }

std::size_t missing_reserve() noexcept { return g_missing_reserve.load(); }

}  // namespace kobling::cli
