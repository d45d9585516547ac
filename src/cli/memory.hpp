// src/cli/memory.hpp (private) — how much memory a CLI run may use, and how
// much a failed allocation asked for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace kobling::cli {

/// The default limit of --max-memory: 4 GiB, or 90% of what this process can
/// still get if that is less (the address-space and data limits of ulimit, the
/// cgroup's memory.max, the memory the system has available).
[[nodiscard]] std::int64_t default_memory_limit();

/// Parses a size such as 4G, 512M, 1.5GiB, 64k or 1073741824 (bytes; units are
/// powers of 1024); nothing when the text is not a size.
[[nodiscard]] std::optional<std::int64_t> parse_size(const std::string& text);

/// "4.0 GiB", "512.0 MiB", "100 bytes".
[[nodiscard]] std::string size_text(std::int64_t bytes);

/// The size of the last allocation this process could not get (0 if none).
/// The kobling program records it (its malloc is wrapped at link time).
[[nodiscard]] std::size_t failed_allocation() noexcept;

/// Called by the program's allocation wrappers (main.cpp) when a request fails.
void record_failed_allocation(std::size_t size) noexcept;

}  // namespace kobling::cli
