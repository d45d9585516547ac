#include "kobling/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/policy.hpp"
#include "kobling/verify.hpp"

namespace kobling {

std::string_view to_string(Lang lang) noexcept { return lang == Lang::nb ? "nb" : "en"; }

Lang parse_lang(std::string_view name) {
  if (name == "en") {
    return Lang::en;
  }
  if (name == "nb") {
    return Lang::nb;
  }
  throw InvalidArgument(
      "kobling.report.bad_lang", "lang",
      "must be 'en' (English) or 'nb' (Norwegian Bokmål), got '" + std::string(name) + "'");
}

std::string ordinal_wish(Index rank, Lang lang) {
  const Index n = rank + 1;
  if (lang == Lang::nb) {
    return std::to_string(n) + ".";
  }
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    switch (n % 10) {
      case 1:
        suffix = "st";
        break;
      case 2:
        suffix = "nd";
        break;
      case 3:
        suffix = "rd";
        break;
      default:
        break;
    }
  }
  return std::to_string(n) + suffix;
}

namespace {

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole == 0) {
    return "-";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

// Display width of UTF-8 text (code points; the data is Latin script).
std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (const char c : s) {
    w += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  }
  return w;
}

std::string pad(const std::string& s, std::size_t width) {
  std::string out = s;
  const std::size_t w = display_width(s);
  if (w < width) {
    out.append(width - w, ' ');
  }
  return out;
}

std::string cut(const std::string& s, std::size_t width) {
  if (display_width(s) <= width) {
    return s;
  }
  std::string out;
  std::size_t w = 0;
  for (const char ch : s) {
    const bool start = (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    if (start && w + 1 >= width) {
      break;
    }
    w += start ? 1 : 0;
    out += ch;
  }
  return out + "~";
}

}  // namespace

std::string preference_text(const Kickoff& k, Index company, double value, Lang lang) {
  const bool nb = lang == Lang::nb;
  const Company& c = k.company(company);
  if (value >= 2.0 && !c.ranking.empty()) {  // 2 + places from the bottom (scoring.cpp)
    const Index places = (c.ranking_place.empty() ? static_cast<Index>(c.ranking.size()) - 1
                                                  : c.ranking_place.back()) +
                         1;
    return (nb ? "intervjuplass " : "interview place ") +
           std::to_string(places - static_cast<Index>(value - 2.0));
  }
  if (value < 0.0) {
    return nb ? "tom profil" : "empty profile";
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, nb ? "poeng %.3f" : "fit score %.3f", value);
  return buf;
}

namespace {

// The tie rule and every tie that decided seats, one line per company.
void format_ties(std::ostream& out, const Kickoff& k, const Assignment& a, Lang lang,
                 bool summary) {
  const bool nb = lang == Lang::nb;
  out << (nb ? "Uavgjort    avgjort ved " : "Ties        decided by ");
  if (a.tie_break != TieBreak::index) {
    out << (nb ? (a.tie_break == TieBreak::lottery ? "loddtrekning" : "loddtrekning per bedrift")
               : std::string(to_string(a.tie_break)))
        << (nb ? " (frø " : " (seed ") << a.seed
        << (nb ? "; laveste loddnummer vinner)" : "; the lower lottery number wins)");
  } else {
    out << (nb ? "radrekkefølge (laveste radnummer vinner)" : "index (the lower row index wins)");
  }
  out << ": " << a.ties.size()
      << (nb ? " uavgjorte tilfeller avgjorde plasser\n" : " tie(s) decided seats\n");
  if (summary) {
    return;
  }
  const auto ids = [&](const std::vector<Index>& xs) {
    std::vector<std::string> out_ids;
    for (const Index i : xs) {
      out_ids.push_back(k.candidates()[static_cast<std::size_t>(i)].id);
    }
    return out_ids;
  };
  for (const DecidedTie& t : a.ties) {
    const Company& c = k.companies()[static_cast<std::size_t>(t.company)];
    // NaN: an optimal policy's objective tied, not a company's score.
    out << "  " << c.id << " ("
        << (std::isnan(t.score)
                ? std::string(nb ? "like gode fordelinger" : "equally good assignments")
                : preference_text(k, t.company, t.score, lang))
        << (nb ? "): vant " : "): won ");
    std::vector<std::string> won = ids(t.won);
    std::vector<std::string> lost = ids(t.lost);
    for (std::size_t q = 0; q < won.size(); ++q) {
      out << (q > 0 ? ", " : "") << won[q];
    }
    out << (nb ? "; tapte " : "; lost ");
    for (std::size_t q = 0; q < lost.size(); ++q) {
      out << (q > 0 ? ", " : "") << lost[q];
    }
    out << "\n";
  }
}

// The cohort bounds: count against the limits, violations, the price.
void format_bounds(std::ostream& out, const Kickoff& k, const Assignment& a, Lang lang) {
  const bool nb = lang == Lang::nb;
  const std::vector<Bound> bounds = array_bounds(k);
  out << (nb ? "Grenser     " : "Bounds      ") << a.bounds.size()
      << (nb ? " kull-grenser" : " cohort bound(s)")
      << (a.bounds_method == "flow"
              ? (nb ? ", eksakt ved minstekostnadsflyt" : ", exact by min-cost flow")
          : a.bounds_method == "mip"
              ? (nb ? ", eksakt ved heltallsprogram" : ", exact by integer program")
              : (nb ? ", kvoter og reserver i utsatt aksept"
                    : ", quotas and reserves in deferred acceptance"))
      << (a.proven_optimal ? ""
                           : (nb ? " (tidsgrensen stanset søket: ikke bevist optimal)"
                                 : " (the time limit stopped the search: not proven optimal)"))
      << "\n";
  for (std::size_t b = 0; b < a.bounds.size() && b < bounds.size(); ++b) {
    const BoundOutcome& o = a.bounds[b];
    const Bound& bound = bounds[b];
    out << "  " << o.name << ": " << o.count << " ("
        << (bound.all_or_nothing ? (nb ? "0 eller " : "0 or ") : "")
        << (nb ? "minst " : "at least ") << bound.lower;
    if (bound.upper != kNone) {
      out << (nb ? ", høyst " : ", at most ") << bound.upper;
    }
    out << ")";
    if (o.shortfall > 0 || o.excess > 0) {
      out << (nb ? "; brutt: " : "; violated: ") << (o.shortfall > 0 ? o.shortfall : o.excess)
          << (o.shortfall > 0 ? (nb ? " for lite" : " short") : (nb ? " for mye" : " over"));
    }
    if (!o.price.empty()) {
      out << (nb ? "; pris: " : "; price: ");
      for (std::size_t l = 0; l < o.price.size(); ++l) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", o.price[l]);
        out << (l > 0 ? ", " : "") << o.price_levels[l] << " " << buf;
      }
    }
    out << "\n";
  }
}

}  // namespace

std::string format_report(const Kickoff& k, const ScoreTable& table, const Assignment& a,
                          std::string_view policy, Lang lang, bool summary) {
  check_result(k, a);
  const bool nb = lang == Lang::nb;
  const auto say = [nb](const char* en, const char* no) { return nb ? no : en; };
  std::ostringstream out;
  const Index n = k.num_candidates();
  std::int64_t seats = 0;
  for (const Company& c : k.companies()) {
    seats += c.capacity;
  }
  out << (k.name().empty() ? std::string(say("kick-off", "oppstart")) : k.name())
      << say(" - policy: ", " - regel: ") << policy << "\n\n";
  // With loads, placements and placed candidates differ.
  std::int64_t people = a.placed;
  std::int64_t several = 0;
  if (a.load.size() > 0) {
    people = (a.load.array() > 0).count();
    several = (a.load.array() > 1).count();
  }
  out << say("Placed      ", "Plassert    ") << people << say(" of ", " av ") << n
      << say(" candidates (", " kandidater (") << percent(people, n) << "); " << a.placed
      << say(" of ", " av ") << seats << say(" seats filled (", " plasser fylt (")
      << percent(a.placed, seats) << ")\n";
  if (a.load.size() > 0) {
    out << say("Loads       ", "Belastning  ") << a.placed
        << say(" placements; ", " plasseringer; ") << several
        << say(" candidate(s) hold more than one seat\n", " kandidat(er) har mer enn én plass\n");
  }
  if (a.baseline_placed >= 0) {  // the largest weakly stable matching
    out << say("Largest     ", "Størst      ") << a.placed - a.baseline_placed
        << say(" more placed than deferred acceptance with the ",
               " flere plassert enn utsatt aksept med trekningsregelen ")
        << to_string(a.tie_break) << say(" tie rule (", " (") << a.baseline_placed << ")"
        << (a.proven_optimal ? "" : say("; not proven largest", "; ikke bevist størst")) << "\n";
  }
  out << say("Wishes      ", "Ønsker      ");
  for (Eigen::Index r = 0; r < a.rank_counts.size(); ++r) {
    out << (r > 0 ? ", " : "") << ordinal_wish(static_cast<Index>(r), lang) << ": "
        << a.rank_counts[r];
  }
  out << "\n";
  std::int64_t review = 0;
  std::int64_t empty = 0;
  for (Index i = 0; i < n; ++i) {
    empty += table.empty_profile[static_cast<std::size_t>(i)] ? 1 : 0;
    for (const Index j : k.candidates()[static_cast<std::size_t>(i)].wishes) {
      review += table.eligibility_of(i, j) == Eligibility::needs_review ? 1 : 0;
    }
  }
  if (review > 0 || empty > 0) {
    out << say("Attention   ", "Merk        ") << review
        << say(" listed pair(s) need review (requirement on an unrecorded value); ",
               " ønskede par må sjekkes (krav til en verdi som ikke er registrert); ")
        << empty << say(" empty profile(s)\n", " tomme profiler\n");
  }
  std::vector<std::string> unplaced;
  for (Index i = 0; i < n; ++i) {
    if (a.company[i] == kNone) {
      unplaced.push_back(k.candidates()[static_cast<std::size_t>(i)].id);
    }
  }
  out << say("Unplaced    ", "Uten plass  ") << unplaced.size() << "\n";
  // A summary gives the counts alone: lists of ids are for kick-off sizes.
  const auto wrap = [&](const std::vector<std::string>& words, const char* indent) {
    if (!summary) {
      detail::wrap(out, words, 100, indent);
    }
  };
  wrap(unplaced, "            ");
  // Whose preferences this policy honours, and the blocking pairs it leaves
  // (weakly: a company indifferent between two candidates prefers neither).
  const bool stable = policy.rfind("stable", 0) == 0;
  const bool ranks = policy.rfind("rank_maximal", 0) == 0;
  out << say("Honours     ", "Respekterer ")
      << (stable  ? say("wishes, company rankings and scores: no blocking pair",
                        "ønsker, bedriftenes rangering og poeng: ingen blokkerende par")
          : ranks ? say("wish ranks (1st, 2nd, ...), then company rankings, then scores",
                        "ønskerekkefølge (1., 2., ...), så bedriftenes rangering, så poeng")
                  : say("most placed, then company rankings, then wish bonus and score",
                        "flest plassert, så bedriftenes rangering, så ønskebonus og poeng"))
      << "\n";
  {
    // The listed pairs only: no second (n, m) matrix beside the table.
    const PairList blocking = blocking_pairs(k.preferences(), listed_company_preference(k, table),
                                             k.capacities(), a.company, BlockingOptions{{}, true});
    std::vector<std::string> pairs;
    for (Eigen::Index b = 0; b < blocking.rows(); ++b) {
      pairs.push_back(k.candidates()[static_cast<std::size_t>(blocking(b, 0))].id + "-" +
                      k.companies()[static_cast<std::size_t>(blocking(b, 1))].id);
    }
    out << say("Blocking    ", "Blokkerende ") << pairs.size()
        << say(" pair(s) would rather be together", " par vil heller være sammen")
        << (pairs.empty() || summary ? "" : ":") << "\n";
    wrap(pairs, "            ");
  }
  format_ties(out, k, a, lang, summary);
  if (!a.bounds.empty()) {
    format_bounds(out, k, a, lang);
  }
  const RoundChanges& ch = a.changes;
  if (!ch.moved.empty() || !ch.newly_placed.empty() || !ch.lost_seat.empty()) {
    const auto list = [&](const char* en, const char* no, const std::vector<Index>& xs) {
      std::vector<std::string> words{say(en, no)};
      for (const Index i : xs) {
        words.push_back(k.candidates()[static_cast<std::size_t>(i)].id);
      }
      if (!xs.empty()) {
        wrap(words, "            ");
      }
    };
    out << say("Changes     against the previous round: ", "Endringer   mot forrige runde: ")
        << ch.moved.size() << say(" moved, ", " flyttet, ") << ch.newly_placed.size()
        << say(" newly placed, ", " nye plasseringer, ") << ch.lost_seat.size()
        << say(" lost a seat\n", " mistet plassen\n");
    list("moved:", "flyttet:", ch.moved);
    list("new:", "nye:", ch.newly_placed);
    list("lost:", "mistet:", ch.lost_seat);
  }

  if (summary) {
    std::int64_t full = 0;
    std::int64_t empty_seats = 0;
    std::vector<std::int64_t> filled(static_cast<std::size_t>(k.num_companies()), 0);
    for (Index i = 0; i < n; ++i) {
      if (a.company[i] != kNone) {
        ++filled[static_cast<std::size_t>(a.company[i])];
      }
    }
    for (Index j = 0; j < k.num_companies(); ++j) {
      const std::int64_t left = k.company(j).capacity - filled[static_cast<std::size_t>(j)];
      full += left <= 0 ? 1 : 0;
      empty_seats += std::max<std::int64_t>(left, 0);
    }
    out << say("Companies   ", "Bedrifter   ") << k.num_companies() << "; " << full
        << say(" full; ", " fulle; ") << empty_seats
        << say(" empty seat(s)\n", " ledige plasser\n");
    return out.str();
  }
  out << "\n"
      << pad(say("Company", "Bedrift"), 34) << pad(say("Sector", "Bransje"), 14)
      << say("Seats  Filled  Fill\n", "Plass  Fylt    Andel\n");
  std::vector<std::vector<std::string>> rosters(static_cast<std::size_t>(k.num_companies()));
  for (Index i = 0; i < n; ++i) {
    const Index j = a.company[i];
    if (j != kNone) {
      std::string entry = k.candidates()[static_cast<std::size_t>(i)].id;
      if (a.rank[i] != kNone) {
        entry += " (" + ordinal_wish(a.rank[i], lang) + ")";
      }
      rosters[static_cast<std::size_t>(j)].push_back(entry);
    }
  }
  for (Index j = 0; j < k.num_companies(); ++j) {
    const Company& c = k.companies()[static_cast<std::size_t>(j)];
    const auto filled = static_cast<std::int64_t>(rosters[static_cast<std::size_t>(j)].size());
    std::ostringstream nums;
    nums << std::setw(5) << c.capacity << "  " << std::setw(6) << filled << "  " << std::setw(6)
         << percent(filled, c.capacity);
    out << pad(cut(c.id + " " + c.name, 33), 34) << pad(cut(c.sector, 13), 14) << nums.str()
        << "\n";
    detail::wrap(out, rosters[static_cast<std::size_t>(j)], 100, "    ");
  }
  return out.str();
}

namespace {

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

std::string state_text(ValueState s) {
  switch (s) {
    case ValueState::present:
      return "recorded";
    case ValueState::absent:
      return "absent";
    case ValueState::unknown:
      return "unknown";
  }
  return "?";
}

const std::string& label_of(const Kickoff& k, Index feature) {
  return k.features()[static_cast<std::size_t>(feature)].label;
}

std::string contribution_list(const Kickoff& k, const std::vector<Contribution>& parts) {
  std::string out;
  for (const Contribution& c : parts) {
    if (!out.empty()) {
      out += ", ";
    }
    out += label_of(k, c.feature);
    out += " +";
    out += fixed(c.contribution, 3);
  }
  return out.empty() ? "-" : out;
}

}  // namespace

std::string format_explanation(const Kickoff& k, const Explanation& e) {
  std::ostringstream out;
  const Candidate& cand = k.candidate(e.candidate);
  const Company& comp = k.company(e.company);
  out << "Candidate " << cand.id << " at " << comp.id << " " << comp.name << "\n";
  out << "Score       " << fixed(e.score, 4) << "  (the sum of the contributions below)\n";
  out << "Eligibility " << to_string(e.eligibility)
      << (e.refused ? ", refused after interview" : "") << "\n";
  if (e.company_rank != kNone) {
    out << "Interview   ranked " << ordinal_wish(e.company_rank) << " by the company\n";
  }
  const auto& wishes = cand.wishes;
  const auto pos = std::find(wishes.begin(), wishes.end(), e.company);
  out << "Wish        "
      << (pos == wishes.end() ? std::string("not on the candidate's list")
                              : ordinal_wish(static_cast<Index>(pos - wishes.begin())) + " wish")
      << "\n\n";
  out << pad("feature", 36) << pad("value", 10) << "weight     phi  contribution\n";
  for (const Contribution& c : e.contributions) {
    out << pad(cut(label_of(k, c.feature), 35), 36) << pad(state_text(c.state), 10) << std::setw(6)
        << fixed(c.weight, 3) << "  " << std::setw(6) << fixed(c.phi, 3) << "  " << std::setw(12)
        << fixed(c.contribution, 4) << "\n";
  }
  if (!e.reasons.empty()) {
    out << "\nWhy not:\n";
    for (const Reason& r : e.reasons) {
      out << "  - " << r.text << " [" << to_string(r.code) << "]\n";
    }
  }
  return out.str();
}

std::string format_recommendations(const Kickoff& k, const Recommendations& recs) {
  std::ostringstream out;
  const Candidate& cand = k.candidate(recs.candidate);
  if (recs.empty_profile) {
    out << "Candidate " << cand.id
        << " has an empty profile: nothing is recorded, so no company can be recommended.\n"
        << "Record interests, skills or other features first.\n";
    return out.str();
  }
  out << "Recommended companies for " << cand.id << " (eligible, best fit first):\n";
  if (recs.items.empty()) {
    out << "  none: no company both accepts this candidate and has a recorded fit\n";
  }
  int rank = 1;
  for (const Recommendation& r : recs.items) {
    const Company& c = k.company(r.company);
    out << "  " << rank++ << ". " << pad(cut(c.id + " " + c.name, 40), 41) << fixed(r.score, 3)
        << "  main reasons: " << contribution_list(k, r.main_contributions) << "\n";
  }
  return out.str();
}

std::string format_shortlist(const Kickoff& k, Index company,
                             const std::vector<ShortlistEntry>& list) {
  std::ostringstream out;
  const Company& c = k.company(company);
  out << "Shortlist for " << c.id << " " << c.name << " (" << c.capacity
      << " seats): " << list.size() << " applicant(s), in the company's preference order\n\n";
  out << "  " << pad("candidate", 11) << pad("wish", 6) << pad("interview", 11) << pad("score", 8)
      << "status\n";
  for (const ShortlistEntry& e : list) {
    std::string status = e.refused ? "refused" : std::string(to_string(e.eligibility));
    if (e.empty_profile) {
      status += " (empty profile)";
    }
    out << "  " << pad(k.candidate(e.candidate).id, 11) << pad(ordinal_wish(e.wish_rank), 6)
        << pad(e.company_rank == kNone ? "-" : ordinal_wish(e.company_rank), 11)
        << pad(fixed(e.score, 3), 8) << status;
    if (!e.reasons.empty()) {
      out << ": " << e.reasons.front().text;
      if (e.reasons.size() > 1) {
        out << " (+" << e.reasons.size() - 1 << " more)";
      }
    } else {
      out << "; main reasons: " << contribution_list(k, e.main_contributions);
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace kobling
