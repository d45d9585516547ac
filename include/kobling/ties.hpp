// kobling/ties.hpp — deciding ties between candidates a company values equally,
// in a way anyone can re-run and audit.
//
// Problem. A company's preference over its applicants is a number per pair
// (company_scores, or an interview ranking turned into one), and numbers tie:
// equal fit scores, or two candidates an interview panel put in the same tier.
// When only some of the tied candidates fit in the company's last seats,
// something other than the company's preference decides who gets them. A
// public programme must be able to say what that was and show that it was not
// the order of rows in a spreadsheet.
//
// Rules. TieBreak::index prefers the lower candidate index (the rule kobling
// used before ties were declared, and the array level's default).
// TieBreak::lottery is single tie-breaking: one random order of all
// candidates, shared by every company. TieBreak::lottery_per_company draws an
// independent order for each company (multiple tie-breaking). Among
// deferred-acceptance mechanisms single tie-breaking is the better default for
// candidates' welfare in large markets (Abdulkadiroğlu, Pathak and Roth 2009;
// Ashlagi and Nikzad 2020); multiple tie-breaking is offered because some
// programmes prefer that one unlucky draw does not follow a candidate
// everywhere.
//
// The generator. Candidate i's lottery number at company j is
//
//   lottery_number(seed, j, i) = mix(mix(mix(seed) ^ (j + 1)) ^ i)
//
// with j = -1 for the single lottery (so the middle term is mix(seed) ^ 0),
// arithmetic on unsigned 64-bit integers modulo 2^64, ^ the bitwise exclusive
// or, and mix the SplitMix64 finaliser (Steele, Lea and Flood 2014):
//
//   mix(x): z = x + 0x9E3779B97F4A7C15
//           z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
//           z = (z ^ (z >> 27)) * 0x94D049BB133111EB
//           return z ^ (z >> 31)
//
// The lower number wins; equal numbers (probability 2^-64 per pair) fall back
// to the lower index. A number depends only on (seed, company, candidate),
// never on the order in which a solver looks at candidates, so the same seed
// gives the same draw in C++, in Python, from the CLI and on every machine, a
// few lines of any language recompute it, and a candidate's number does not
// change when others join or leave the market. It is a counter-based
// generator: a bijective mixing of the counter, not a cryptographic one; the
// seed should be fixed in public before the wishes are known (say, by dice at
// the kick-off).
//
// Audit. A tie decided a seat at company j exactly when, in the final
// matching, j is full, some candidate holds a seat there with score s equal to
// the lowest score j holds (the cutoff), and some other candidate with the
// same score s wanted j (listed it above where they ended, or is unplaced) but
// did not get it. decided_ties() lists every such company with the winners
// and losers at the cutoff; in a matching stable under the tie-broken order
// every winner's lottery number (or index) is below every loser's. Ties above
// the cutoff decide nothing: everyone tied there holds a seat.
//
// Optimal policies. max_placement and rank_maximal take the same rule
// (tie_break, seed in their options). There a tie is not a shared score but
// several matchings with the same objective; the rule picks the one whose
// placed pairs have the least total position in its order (with one shared
// order: the first-drawn candidate is placed whenever some optimum places
// them, then the next), and DecidedTie lists, per company, the candidates who
// could have held a seat there in an equally good matching and wanted it more
// than where they ended (lost, score NaN). The essay of
// src/engine/equal_optima.hpp gives the construction.
//
// Example usage:
//   const kobling::TieOrder order{kobling::TieBreak::lottery, 2026};
//   // The same number for candidate 7 whatever the company: one shared order.
//   assert(order.key(7, 0) == order.key(7, 3));
//   assert(order.key(7, 0) == kobling::lottery_number(2026, kobling::kNone, 7));
//   // Equal scores: the lower lottery number is preferred.
//   const bool seven_first = order.key(7, 0) < order.key(8, 0);
//   assert(order.prefers(0.5, 7, 0.5, 8, 0) == seven_first);
//   assert(order.prefers(0.6, 8, 0.5, 7, 0));  // a higher score always wins
//   assert(kobling::parse_tie_break("lottery_per_company") ==
//          kobling::TieBreak::lottery_per_company);
//
// References: A. Abdulkadiroğlu, P. A. Pathak, A. E. Roth, "Strategy-proofness
// versus efficiency in matching with indifferences", Amer. Econ. Rev. 99
// (2009); I. Ashlagi, A. Nikzad, "What matters in school choice tie-breaking?",
// Econ. Theory 69 (2020); G. L. Steele, D. Lea, C. H. Flood, "Fast splittable
// pseudorandom number generators", OOPSLA 2014.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kobling/types.hpp"

namespace kobling {

/// How ties in a company's preference are decided.
enum class TieBreak : std::uint8_t {
  index,                ///< the lower candidate index (the array level's default)
  lottery,              ///< one seeded order of candidates shared by all companies
  lottery_per_company,  ///< a seeded order per company
};

/// "index", "lottery" or "lottery_per_company".
std::string_view to_string(TieBreak rule) noexcept;
/// Parses a rule name; throws InvalidArgument("kobling.array.bad_option")
/// naming the choices.
TieBreak parse_tie_break(std::string_view name);

/// The SplitMix64 finaliser (see the essay above).
[[nodiscard]] constexpr std::uint64_t lottery_mix(std::uint64_t x) noexcept {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

/// Candidate's lottery number at company (kNone: the single lottery); lower
/// wins.
[[nodiscard]] constexpr std::uint64_t lottery_number(std::uint64_t seed, Index company,
                                                     Index candidate) noexcept {
  const auto j = static_cast<std::uint64_t>(static_cast<std::int64_t>(company) + 1);
  const auto i = static_cast<std::uint64_t>(candidate);
  return lottery_mix(lottery_mix(lottery_mix(seed) ^ j) ^ i);
}

/// A declared tie-breaking rule with its seed: the strict order a company's
/// scores are refined into.
struct TieOrder {
  TieBreak rule = TieBreak::index;
  std::uint64_t seed = 0;  ///< unused by TieBreak::index

  /// The tie-breaking key of a candidate at a company; lower is preferred.
  [[nodiscard]] std::uint64_t key(Index candidate, Index company) const noexcept {
    switch (rule) {
      case TieBreak::lottery:
        return lottery_number(seed, kNone, candidate);
      case TieBreak::lottery_per_company:
        return lottery_number(seed, company, candidate);
      case TieBreak::index:
        break;
    }
    return static_cast<std::uint64_t>(candidate);
  }
  /// Whether company prefers candidate a (score sa) to candidate b (score sb).
  [[nodiscard]] bool prefers(double sa, Index a, double sb, Index b, Index company) const noexcept {
    if (sa != sb) {
      return sa > sb;
    }
    const std::uint64_t ka = key(a, company);
    const std::uint64_t kb = key(b, company);
    return ka < kb || (ka == kb && a < b);
  }
};

/// A tie that decided seats: at `company`, candidates with the same score
/// (the company's cutoff) were split by the tie-breaking rule. `won` hold a
/// seat there; `lost` wanted it (listed it above where they ended, or are
/// unplaced) and did not get it. Both are in the rule's order (by key).
struct DecidedTie {
  Index company = kNone;
  double score = 0.0;
  std::vector<Index> won;
  std::vector<Index> lost;
};

}  // namespace kobling
