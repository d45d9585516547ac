#include "solvers/ties.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "kobling/errors.hpp"

namespace kobling {

std::string_view to_string(TieBreak rule) noexcept {
  switch (rule) {
    case TieBreak::lottery:
      return "lottery";
    case TieBreak::lottery_per_company:
      return "lottery_per_company";
    case TieBreak::index:
      break;
  }
  return "index";
}

TieBreak parse_tie_break(std::string_view name) {
  for (const TieBreak t : {TieBreak::index, TieBreak::lottery, TieBreak::lottery_per_company}) {
    if (name == to_string(t)) {
      return t;
    }
  }
  throw InvalidArgument(
      "kobling.array.bad_option", "tie_break",
      "must be 'index', 'lottery' or 'lottery_per_company', got '" + std::string(name) + "'");
}

namespace detail {

ScratchVector<double> cutoffs(const WishLists& w, const ScratchVector<Index>& rank_of) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const auto mu = static_cast<std::size_t>(w.m);
  ScratchVector<double> cut(mu + 1, kInf);
  ScratchVector<Index> fill(mu, 0);
  for (Index i = 0; i < w.n; ++i) {
    const Index r = rank_of[static_cast<std::size_t>(i)];
    if (r != kNone) {
      const std::size_t e = w.entry(i, r);
      const auto ju = static_cast<std::size_t>(w.company[e]);
      cut[ju + 1] = std::min(cut[ju + 1], w.score[e]);
      ++fill[ju];
    }
  }
  cut[0] = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t j = 0; j < mu; ++j) {
    if (fill[j] == 0 || fill[j] < w.capacity[j]) {
      cut[j + 1] = std::numeric_limits<double>::quiet_NaN();
    }
  }
  return cut;
}

std::vector<DecidedTie> decided_ties(const WishLists& w, const ScratchVector<Index>& rank_of,
                                     const TieOrder& order, const ScratchVector<double>& cut) {
  // A listed entry is a lost tie when its score equals the cutoff it reads
  // (NaN for padding, kNone, and companies that are not full) and the
  // candidate ended below it. Scores equal to a cutoff are rare, so the
  // position check waits for a match.
  const double* cutoff = cut.data() + 1;
  std::vector<std::pair<Index, Index>> lost;  // (company, candidate)
  const std::size_t entries = static_cast<std::size_t>(w.n) * static_cast<std::size_t>(w.k);
  for (std::size_t e = 0; e < entries; ++e) {
    if (w.score[e] == cutoff[w.company[e]]) {
      const auto i = static_cast<Index>(e / static_cast<std::size_t>(w.k));
      const auto r = static_cast<Index>(e % static_cast<std::size_t>(w.k));
      const Index got = rank_of[static_cast<std::size_t>(i)];
      if (got == kNone || r < got) {
        lost.emplace_back(w.company[e], i);
      }
    }
  }
  const auto mu = static_cast<std::size_t>(w.m);
  std::vector<DecidedTie> out;
  if (lost.empty()) {
    return out;
  }
  std::vector<Index> slot(mu, kNone);  // company -> its entry in out
  std::sort(lost.begin(), lost.end());
  for (const auto& [j, i] : lost) {
    Index& s = slot[static_cast<std::size_t>(j)];
    if (s == kNone) {
      s = static_cast<Index>(out.size());
      out.push_back(DecidedTie{j, cutoff[j], {}, {}});
    }
    out[static_cast<std::size_t>(s)].lost.push_back(i);
  }
  for (Index i = 0; i < w.n; ++i) {
    const Index r = rank_of[static_cast<std::size_t>(i)];
    if (r != kNone) {
      const std::size_t e = w.entry(i, r);
      const Index s = slot[static_cast<std::size_t>(w.company[e])];
      if (s != kNone && w.score[e] == out[static_cast<std::size_t>(s)].score) {
        out[static_cast<std::size_t>(s)].won.push_back(i);
      }
    }
  }
  for (DecidedTie& t : out) {
    const auto by_key = [&](Index a, Index b) {
      return order.prefers(t.score, a, t.score, b, t.company);
    };
    std::sort(t.won.begin(), t.won.end(), by_key);
    std::sort(t.lost.begin(), t.lost.end(), by_key);
  }
  return out;
}

}  // namespace detail

}  // namespace kobling
