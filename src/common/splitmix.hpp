// src/common/splitmix.hpp (private) — SplitMix64, the one seeded random
// stream of the library (synthetic markets, fold assignment).
//
// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fully specified, so a
// seed gives the same numbers on every platform and compiler (unlike the
// distributions of <random>, whose algorithms the standard leaves open).
#pragma once

#include <cstdint>

namespace kobling::detail {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) noexcept : s_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, bound).
  std::uint64_t below(std::uint64_t bound) noexcept {
    return static_cast<std::uint64_t>(uniform() * static_cast<double>(bound));
  }

 private:
  std::uint64_t s_;
};

}  // namespace kobling::detail
