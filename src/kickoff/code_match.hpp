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
// Lists of up to kLinear entries (the usual: a municipality, two or three
// skills) are scanned instead: at that length a scan costs less than a search.
//
// The lists themselves are bounded when a kick-off is built (kMaxCodes codes of
// at most kMaxCodeLength bytes each, model.hpp), so no single pair can take
// unbounded time. The views point into the kick-off, which must outlive them.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

// The per-pair checks sit in the scorer's innermost loop: inlined there.
#if defined(__GNUC__)
#define KOBLING_HOT_INLINE __attribute__((always_inline)) inline
#else
#define KOBLING_HOT_INLINE inline
#endif

namespace kobling::detail {

/// Lists up to this long are scanned rather than searched (one compare each).
inline constexpr std::size_t kLinear = 8;

class PrefixSet {
 public:
  PrefixSet() = default;
  explicit PrefixSet(const std::vector<std::string>& codes) {
    if (codes.size() <= kLinear) {
      few_ = &codes;  // scanned as they are: no copy
      return;
    }
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
  /// Does `code` start with one of the codes?
  [[nodiscard]] KOBLING_HOT_INLINE bool matches(std::string_view code) const {
    if (few_ != nullptr) {
      for (const std::string& p : *few_) {
        if (code.size() >= p.size() && code.compare(0, p.size(), p) == 0) {
          return true;
        }
      }
      return false;
    }
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
  const std::vector<std::string>* few_ = nullptr;  // at most kLinear codes, as given
  std::vector<std::string_view> prefixes_;         // otherwise: sorted, pruned
};

class SortedTags {
 public:
  SortedTags() = default;
  explicit SortedTags(const std::vector<std::string>& tags) {
    if (tags.size() <= kLinear) {
      few_ = &tags;
      return;
    }
    sorted_.assign(tags.begin(), tags.end());
    std::sort(sorted_.begin(), sorted_.end());
  }
  explicit SortedTags(std::vector<std::string>&&) = delete;  // (views; see PrefixSet)
  [[nodiscard]] KOBLING_HOT_INLINE bool has(std::string_view tag) const {
    if (few_ != nullptr) {  // lengths first: most tags differ in length
      return std::any_of(few_->begin(), few_->end(), [tag](const std::string& t) {
        return t.size() == tag.size() && t.compare(0, t.size(), tag.data(), tag.size()) == 0;
      });
    }
    return std::binary_search(sorted_.begin(), sorted_.end(), tag);
  }

 private:
  const std::vector<std::string>* few_ = nullptr;  // at most kLinear tags, as given
  std::vector<std::string_view> sorted_;           // otherwise: sorted
};

}  // namespace kobling::detail
