// Reasons (reasons.hpp) on the bundled kick-off and against their
// definitions; every code has an English and a Norwegian text.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>

#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"
#include "kobling/policy.hpp"
#include "kobling/reasons.hpp"
#include "kobling/scoring.hpp"

namespace kobling {
namespace {

const Kickoff& bundled() {
  static const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  return k;
}

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> out;
  const std::string s(text);
  const std::regex re("\\{[a-z_]+\\}");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
    out.insert(it->str());
  }
  return out;
}

TEST(Reasons, EveryCodeHasBothTextsWithTheSamePlaceholders) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const ReasonText& t : reason_catalogue()) {
    EXPECT_FALSE(t.en.empty()) << t.code;
    EXPECT_FALSE(t.nb.empty()) << t.code;
    EXPECT_NE(t.en, t.nb) << t.code << ": not translated";
    EXPECT_EQ(placeholders(t.en), placeholders(t.nb)) << t.code;
    EXPECT_TRUE(seen.emplace(std::string(t.kind), std::string(t.code)).second) << t.code;
  }
  const auto has = [&](const char* kind, std::string_view code) {
    return seen.count({kind, std::string(code)}) == 1;
  };
  for (int c = 0; c <= static_cast<int>(WishOutcome::objective); ++c) {
    EXPECT_TRUE(has("wish", to_string(static_cast<WishOutcome>(c)))) << c;
  }
  for (int c = 0; c <= static_cast<int>(SeatOutcome::mixed); ++c) {
    EXPECT_TRUE(has("seat", to_string(static_cast<SeatOutcome>(c)))) << c;
  }
  for (int c = 0; c <= static_cast<int>(Reason::Code::refused); ++c) {
    EXPECT_TRUE(has("requirement", to_string(static_cast<Reason::Code>(c)))) << c;
  }
  for (const TieBreak t : {TieBreak::index, TieBreak::lottery, TieBreak::lottery_per_company}) {
    EXPECT_TRUE(has("rule", to_string(t)));
  }
  for (const Policy p : {Policy::max_placement, Policy::rank_maximal}) {
    EXPECT_TRUE(has("objective", to_string(p)));
  }
}

// The stable result on the bundled kick-off: a reason for every wish of
// every unplaced candidate, each true by its definition.
TEST(Reasons, StableOnTheBundledKickoffByDefinition) {
  const Kickoff& k = bundled();
  const ScoreTable t = score_all(k);
  const Assignment a = match(k, t, {});
  const ResultReasons r = explain_result(k, t, a, Policy::stable);
  const ScoreMatrix pref = company_preference(k, t);
  ASSERT_EQ(static_cast<std::int64_t>(r.unplaced.size()), k.num_candidates() - a.placed);
  std::set<WishOutcome> codes;
  for (const UnplacedReasons& u : r.unplaced) {
    ASSERT_EQ(a.company[u.candidate], kNone);
    const auto& wishes = k.candidates()[static_cast<std::size_t>(u.candidate)].wishes;
    ASSERT_EQ(u.wishes.size(), wishes.size());
    for (const WishReason& w : u.wishes) {
      codes.insert(w.code);
      ASSERT_EQ(w.company, wishes[static_cast<std::size_t>(w.rank)]);
      const Index j = w.company;
      const Index fill = static_cast<Index>((a.company.array() == j).count());
      switch (w.code) {
        case WishOutcome::ineligible:
          ASSERT_EQ(t.eligibility_of(u.candidate, j), Eligibility::ineligible);
          ASSERT_FALSE(w.requirements.empty());
          break;
        case WishOutcome::needs_review:
          ASSERT_EQ(t.eligibility_of(u.candidate, j), Eligibility::needs_review);
          break;
        case WishOutcome::full_preferred:
        case WishOutcome::lost_tie:
          ASSERT_EQ(fill, k.company(j).capacity);
          for (const Index x : w.others) {
            ASSERT_EQ(a.company[x], j);
            if (w.code == WishOutcome::full_preferred) {
              ASSERT_GT(pref(x, j), pref(u.candidate, j));
            } else {
              ASSERT_EQ(pref(x, j), pref(u.candidate, j));
            }
          }
          if (w.code == WishOutcome::full_preferred) {
            ASSERT_EQ(static_cast<Index>(w.others.size()), fill);  // all of them
          }
          break;
        case WishOutcome::refused:
          ASSERT_TRUE(std::find(k.company(j).refused.begin(), k.company(j).refused.end(),
                                u.candidate) != k.company(j).refused.end());
          break;
        default:
          FAIL() << "unexpected code " << to_string(w.code) << " under stable";
      }
      ASSERT_FALSE(wish_reason_text(k, w, Policy::stable).empty());
    }
  }
  EXPECT_TRUE(codes.count(WishOutcome::full_preferred) == 1 &&
              codes.count(WishOutcome::ineligible) == 1);
  // k15: two empty seats; every applicant fails a requirement; seven
  // applicants lack only the food-hygiene course.
  const Index k15 = k.company_index("k15");
  const auto seats = std::find_if(r.empty_seats.begin(), r.empty_seats.end(),
                                  [&](const EmptySeats& s) { return s.company == k15; });
  ASSERT_NE(seats, r.empty_seats.end());
  EXPECT_EQ(seats->free, 2);
  EXPECT_EQ(seats->code, SeatOutcome::all_ineligible);
  std::set<std::string> applied;
  for (const NearMiss& m : r.near_misses) {
    if (m.company == k15 && m.listed) {
      applied.insert(k.candidates()[static_cast<std::size_t>(m.candidate)].id);
      EXPECT_EQ(k.features()[static_cast<std::size_t>(m.requirement.feature)].name, "skills");
      EXPECT_NE(m.requirement.text.find("food_hygiene"), std::string::npos);
    }
  }
  EXPECT_EQ(applied.size(), 7U);
  // Every invitation is an eligible unlisted company with free seats.
  for (const Invitation& inv : r.invitations) {
    for (const Index j : inv.companies) {
      EXPECT_EQ(t.eligibility_of(inv.candidate, j), Eligibility::eligible);
      const auto& wishes = k.candidates()[static_cast<std::size_t>(inv.candidate)].wishes;
      EXPECT_EQ(std::find(wishes.begin(), wishes.end(), j), wishes.end());
    }
  }
  // Norwegian texts differ from the English ones and name the same company.
  const WishReason& first = r.unplaced.front().wishes.front();
  const std::string nb = wish_reason_text(k, first, Policy::stable, Lang::nb);
  EXPECT_NE(nb, wish_reason_text(k, first, Policy::stable, Lang::en));
  EXPECT_NE(nb.find(k.company(first.company).id), std::string::npos);
}

TEST(Reasons, OtherPoliciesNameTheirObjective) {
  const Kickoff& k = bundled();
  const ScoreTable t = score_all(k);
  for (const Policy p : {Policy::max_placement, Policy::rank_maximal}) {
    MatchOptions o;
    o.policy = p;
    const ResultReasons r = explain_result(k, t, match(k, t, o), p);
    bool objective = false;
    for (const UnplacedReasons& u : r.unplaced) {
      for (const WishReason& w : u.wishes) {
        ASSERT_NE(w.code, WishOutcome::full_preferred);
        if (w.code == WishOutcome::objective) {
          objective = true;
          EXPECT_NE(wish_reason_text(k, w, p).find(std::string(to_string(p))), std::string::npos);
        }
      }
    }
    EXPECT_TRUE(objective);
  }
}

TEST(Reasons, BadLanguage) {
  try {
    (void)parse_lang("no");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.report.bad_lang] lang: must be 'en' (English) or 'nb' (Norwegian "
                 "Bokmål), got 'no'");
  }
}

}  // namespace
}  // namespace kobling
