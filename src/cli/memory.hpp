// src/cli/memory.hpp (private) — how much a failed allocation asked for, and
// whether the program holds its reserve for unwinding.
#pragma once

#include <cstddef>

namespace kobling::cli {

/// The size of the last allocation this process could not get (0 if none).
/// The kobling program records it (its malloc is wrapped at link time).
[[nodiscard]] std::size_t failed_allocation() noexcept;

/// Called by the program's allocation wrappers (main.cpp) when a request fails.
void record_failed_allocation(std::size_t size) noexcept;

/// The program keeps a reserve for unwinding after an allocation fails
/// (main.cpp); when it could not get one (`size` bytes), memory is too short to
/// run safely and run() reports out of memory before any work.
void record_missing_reserve(std::size_t size) noexcept;
[[nodiscard]] std::size_t missing_reserve() noexcept;

}  // namespace kobling::cli
