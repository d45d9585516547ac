// src/cli/memory.cpp — the memory limit of a CLI run and the size of a failed
// allocation.
#include "cli/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>

namespace kobling::cli {

namespace {

constexpr std::int64_t kDefault = std::int64_t{4} << 30;

std::atomic<std::size_t> g_failed{0};

// The first number in a file (a /proc or cgroup entry), if any.
std::optional<std::int64_t> read_number(const char* path, int field = 0) {
  std::ifstream in(path);
  std::int64_t v = 0;
  for (int f = 0; f <= field; ++f) {
    if (!(in >> v)) {
      return std::nullopt;
    }
  }
  return v;
}

// "MemAvailable: 123 kB" from /proc/meminfo, in bytes.
std::optional<std::int64_t> mem_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::int64_t kb = 0;
  std::string unit;
  while (in >> key >> kb >> unit) {
    if (key == "MemAvailable:") {
      return kb * 1024;
    }
  }
  return std::nullopt;
}

}  // namespace

std::int64_t default_memory_limit() {
  std::int64_t available = kDefault;
  const std::int64_t page = ::sysconf(_SC_PAGESIZE);
  const auto headroom = [&](int resource, int statm_field) {
    rlimit r{};
    if (::getrlimit(resource, &r) != 0 || r.rlim_cur == RLIM_INFINITY) {
      return;
    }
    const std::int64_t used = read_number("/proc/self/statm", statm_field).value_or(0) * page;
    available = std::min(available, static_cast<std::int64_t>(r.rlim_cur) - used);
  };
  headroom(RLIMIT_AS, 0);                                           // statm: total program size
  headroom(RLIMIT_DATA, 5);                                         // statm: data + stack
  if (const auto max = read_number("/sys/fs/cgroup/memory.max")) {  // "max": no number
    available =
        std::min(available, *max - read_number("/sys/fs/cgroup/memory.current").value_or(0));
  }
  if (const auto free = mem_available()) {
    available = std::min(available, *free);
  }
  return std::max<std::int64_t>(0, available / 10 * 9);
}

std::optional<std::int64_t> parse_size(const std::string& text) {
  std::istringstream in(text);
  double value = 0.0;
  if (!(in >> value) || !std::isfinite(value) || value < 0.0) {
    return std::nullopt;
  }
  std::string unit;
  in >> unit;
  if (in.rdbuf()->in_avail() > 0) {
    return std::nullopt;
  }
  double scale = 1.0;
  std::string u;
  for (const char c : unit) {
    u += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (u.empty() || u == "B") {
    scale = 1.0;
  } else if (u == "K" || u == "KB" || u == "KIB") {
    scale = 1024.0;
  } else if (u == "M" || u == "MB" || u == "MIB") {
    scale = 1024.0 * 1024.0;
  } else if (u == "G" || u == "GB" || u == "GIB") {
    scale = 1024.0 * 1024.0 * 1024.0;
  } else if (u == "T" || u == "TB" || u == "TIB") {
    scale = 1024.0 * 1024.0 * 1024.0 * 1024.0;
  } else {
    return std::nullopt;
  }
  const double bytes = value * scale;
  if (bytes > 9.0e18) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(bytes);
}

std::string size_text(std::int64_t bytes) {
  char buf[32];
  const double b = static_cast<double>(bytes);
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%lld bytes", static_cast<long long>(bytes));
  } else if (bytes < (std::int64_t{1} << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024.0);
  } else if (bytes < (std::int64_t{1} << 30)) {
    std::snprintf(buf, sizeof buf, "%.1f MiB", b / (1024.0 * 1024.0));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1024.0 * 1024.0 * 1024.0));
  }
  return buf;
}

std::size_t failed_allocation() noexcept { return g_failed.load(); }

void record_failed_allocation(std::size_t size) noexcept { g_failed.store(size); }

}  // namespace kobling::cli
