// src/kickoff/code_match.hpp (private) — matching code lists and skill lists
// in time that grows with the lists' lengths, not with their product.
//
// Categorical features match by prefix: a candidate code matches when it
// starts with one of the company's codes ("72" matches STYRK-08 "7212").
// PrefixSet sorts the company's codes and drops every code that another one is
// a prefix of ("5" makes "50" and "5001" redundant). Then, if any kept code is
// a prefix of a candidate code c, so is the largest kept code not above c: any
// string between a prefix p of c and c itself starts with p, and no kept code
// starts with another. One binary search per candidate code decides, so a pair
// costs O(|C| · log |T| · L) for C candidate codes, T company codes and codes
// of length at most L, instead of O(|C| · |T| · L).
//
// Skills match exactly: SortedTags holds a candidate's tags sorted, so each of
// the company's required or desired skills is found in O(log |S| · L).
//
// The lists themselves are bounded when a kick-off is built (kMaxCodes codes of
// at most kMaxCodeLength bytes each, model.hpp), so no single pair can take
// unbounded time. The views point into the kick-off, which must outlive them.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace kobling::detail {

class PrefixSet {
 public:
  PrefixSet() = default;
  explicit PrefixSet(const std::vector<std::string>& codes) {
    std::vector<std::string_view> sorted(codes.begin(), codes.end());
    std::sort(sorted.begin(), sorted.end());
    for (const std::string_view c : sorted) {
      // Sorted order puts a prefix right before the codes that extend it, so
      // comparing with the last kept code is enough.
      if (prefixes_.empty() || c.substr(0, prefixes_.back().size()) != prefixes_.back()) {
        prefixes_.push_back(c);
      }
    }
  }
  /// The set views the codes: a temporary list would leave it dangling.
  explicit PrefixSet(std::vector<std::string>&&) = delete;
  [[nodiscard]] bool empty() const noexcept { return prefixes_.empty(); }
  /// Does `code` start with one of the codes?
  [[nodiscard]] bool matches(std::string_view code) const {
    auto it = std::upper_bound(prefixes_.begin(), prefixes_.end(), code);
    if (it == prefixes_.begin()) {
      return false;
    }
    --it;
    return code.substr(0, it->size()) == *it;
  }
  /// Does one of `codes` start with one of the codes?
  [[nodiscard]] bool matches_any(const std::vector<std::string>& codes) const {
    return std::any_of(codes.begin(), codes.end(),
                       [this](const std::string& c) { return matches(c); });
  }

 private:
  std::vector<std::string_view> prefixes_;
};

class SortedTags {
 public:
  SortedTags() = default;
  explicit SortedTags(const std::vector<std::string>& tags) : tags_(tags.begin(), tags.end()) {
    std::sort(tags_.begin(), tags_.end());
  }
  explicit SortedTags(std::vector<std::string>&&) = delete;  // (views; see PrefixSet)
  [[nodiscard]] bool has(std::string_view tag) const {
    return std::binary_search(tags_.begin(), tags_.end(), tag);
  }

 private:
  std::vector<std::string_view> tags_;
};

}  // namespace kobling::detail
