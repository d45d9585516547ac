#include "kobling/reasons.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>

#include "common/text.hpp"
#include "kickoff/scorer.hpp"
#include "kobling/errors.hpp"
#include "kobling/report.hpp"

namespace kobling {

std::string_view to_string(WishOutcome code) noexcept {
  switch (code) {
    case WishOutcome::no_seats:
      return "no_seats";
    case WishOutcome::ineligible:
      return "ineligible";
    case WishOutcome::needs_review:
      return "needs_review";
    case WishOutcome::refused:
      return "refused";
    case WishOutcome::full_preferred:
      return "full_preferred";
    case WishOutcome::lost_tie:
      return "lost_tie";
    case WishOutcome::objective:
      return "objective";
    case WishOutcome::tied_objective:
      return "tied_objective";
  }
  return "?";
}

std::string_view to_string(SeatOutcome code) noexcept {
  switch (code) {
    case SeatOutcome::no_applicants:
      return "no_applicants";
    case SeatOutcome::all_ineligible:
      return "all_ineligible";
    case SeatOutcome::all_refused:
      return "all_refused";
    case SeatOutcome::all_placed_higher:
      return "all_placed_higher";
    case SeatOutcome::mixed:
      return "mixed";
  }
  return "?";
}

const std::vector<ReasonText>& reason_catalogue() {
  static const std::vector<ReasonText> catalogue = {
      {"candidate", "no_wishes", "listed no company", "har ikke ønsket noen bedrift"},
      {"wish", "no_seats", "{company} has no seats", "{company} har ingen plasser"},
      {"wish", "ineligible", "not eligible at {company}: {requirements}",
       "oppfyller ikke kravene hos {company}: {requirements}"},
      {"wish", "needs_review",
       "{company}: a requirement cannot be checked ({requirements}); complete the profile",
       "{company}: et krav kan ikke sjekkes ({requirements}); fullfør profilen"},
      {"wish", "refused", "{company} declined after the interview",
       "{company} takket nei etter intervjuet"},
      {"wish", "full_preferred", "{company} is full with candidates it prefers: {others}",
       "{company} er full med kandidater bedriften foretrekker: {others}"},
      {"wish", "lost_tie",
       "{company} valued the candidate equally with {others}, who won the "
       "tie-break ({rule})",
       "{company} vurderte kandidaten likt med {others}, som vant trekningen ({rule})"},
      {"wish", "objective", "{company}'s seats went to {others} under {policy} ({objective})",
       "plassene hos {company} gikk til {others} under {policy} ({objective})"},
      {"wish", "tied_objective",
       "an equally good assignment under {policy} had the candidate at {company}; the "
       "tie-break ({rule}) chose {others}",
       "en like god fordeling under {policy} ga kandidaten plass hos {company}; trekningen "
       "({rule}) valgte {others}"},
      // A candidate's letter (handouts.hpp) names no other candidate.
      {"letter", "full_preferred", "{company} filled its seats with candidates it ranked higher",
       "{company} fylte plassene med kandidater bedriften rangerte høyere"},
      {"letter", "lost_tie",
       "{company} valued you equally with another candidate, who won the tie-break ({rule})",
       "{company} vurderte deg likt med en annen kandidat, som vant trekningen ({rule})"},
      {"letter", "objective",
       "{company}'s seats went to other candidates under {policy} ({objective})",
       "plassene hos {company} gikk til andre kandidater under {policy} ({objective})"},
      {"letter", "tied_objective",
       "an equally good assignment under {policy} had you at {company}; the tie-break ({rule}) "
       "chose another candidate",
       "en like god fordeling under {policy} ga deg plass hos {company}; trekningen ({rule}) "
       "valgte en annen kandidat"},
      {"seat", "no_applicants", "{company}: {free} empty seat(s); nobody listed it",
       "{company}: {free} ledig(e) plass(er); ingen ønsket bedriften"},
      {"seat", "all_ineligible",
       "{company}: {free} empty seat(s); all {applicants} applicant(s) fail a requirement or "
       "need review",
       "{company}: {free} ledig(e) plass(er); alle {applicants} søkere oppfyller ikke et krav "
       "eller må sjekkes"},
      {"seat", "all_refused",
       "{company}: {free} empty seat(s); the company declined all {applicants} applicant(s)",
       "{company}: {free} ledig(e) plass(er); bedriften takket nei til alle {applicants} "
       "søkere"},
      {"seat", "all_placed_higher",
       "{company}: {free} empty seat(s); all {applicants} applicant(s) got a wish they ranked "
       "higher",
       "{company}: {free} ledig(e) plass(er); alle {applicants} søkere fikk et ønske de "
       "rangerte høyere"},
      {"seat", "mixed",
       "{company}: {free} empty seat(s); of {applicants} applicant(s): {ineligible} ineligible, "
       "{refused} declined, {placed_higher} placed at a wish they ranked higher",
       "{company}: {free} ledig(e) plass(er); av {applicants} søkere: {ineligible} oppfyller "
       "ikke kravene, {refused} avslått, {placed_higher} plassert på et høyere ønske"},
      {"requirement", "below_minimum", "{feature} is below the required minimum",
       "{feature} er under kravet"},
      {"requirement", "above_maximum", "{feature} is above the allowed maximum",
       "{feature} er over grensen"},
      {"requirement", "not_true", "{feature} is required", "{feature} mangler"},
      {"requirement", "no_matching_code", "no code of {feature} matches",
       "ingen passende kode for {feature}"},
      {"requirement", "missing_skill", "a must-have skill of {feature} is missing",
       "mangler en påkrevd ferdighet ({feature})"},
      {"requirement", "too_far", "lives too far away ({feature})",
       "bor for langt unna ({feature})"},
      {"requirement", "unknown_value", "{feature} is not recorded", "{feature} er ikke registrert"},
      {"requirement", "refused", "refused after the interview", "avslått etter intervjuet"},
      {"objective", "max_placement", "most candidates placed, then wish ranks and scores",
       "flest plassert, deretter ønskerekkefølge og poeng"},
      {"objective", "rank_maximal", "most 1st wishes, then most 2nd wishes, ..., then scores",
       "flest 1. ønsker, deretter flest 2. ønsker, ..., deretter poeng"},
      {"rule", "index", "the lower row index", "laveste radnummer"},
      {"rule", "lottery", "lottery, seed {seed}", "loddtrekning, frø {seed}"},
      {"rule", "lottery_per_company", "a lottery per company, seed {seed}",
       "loddtrekning per bedrift, frø {seed}"},
      {"line", "near_miss_company", "{company} ({free} free)", "{company} ({free} ledig)"},
      {"line", "near_miss_applied", "applied: {candidate}: {requirement}",
       "søkte: {candidate}: {requirement}"},
      {"line", "near_miss_other", "did not apply ({count}):", "søkte ikke ({count}):"},
      {"line", "invitation", "{candidate}: eligible at {companies}, not listed",
       "{candidate}: kvalifisert hos {companies}, ikke ønsket"},
      {"heading", "unplaced", "Why unplaced", "Hvorfor uten plass"},
      {"heading", "empty_seats", "Empty seats", "Ledige plasser"},
      {"heading", "near_misses", "Near misses (one requirement short, free seats)",
       "Nesten kvalifisert (ett krav mangler, ledige plasser)"},
      {"heading", "invitations", "Second-round invitations (eligible, free seats, not listed)",
       "Invitasjoner til andre runde (kvalifisert, ledige plasser, ikke ønsket)"},
      {"heading", "listed_only", "(near misses searched among listed companies only)",
       "(nesten kvalifiserte søkt bare blant ønskede bedrifter)"},
      {"heading", "invitations_limited",
       "(searched among the {count} companies with the most free seats)",
       "(søkt blant de {count} bedriftene med flest ledige plasser)"},
  };
  return catalogue;
}

namespace {

std::string_view template_of(std::string_view kind, std::string_view code, Lang lang) {
  for (const ReasonText& t : reason_catalogue()) {
    if (t.kind == kind && t.code == code) {
      return lang == Lang::nb ? t.nb : t.en;
    }
  }
  return code;
}

// Fills {name} placeholders (one pass; appends only, which GCC 12's
// -Wrestrict does not misread as replace() can be).
std::string fill(std::string_view text,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('{', at);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    out.append(text.substr(at, open - at));
    const std::string_view name = text.substr(open + 1, close - open - 1);
    bool found = false;
    for (const auto& [key, value] : values) {
      if (key == name) {
        out.append(value);
        found = true;
        break;
      }
    }
    if (!found) {
      out.append(text.substr(open, close - open + 1));
    }
    at = close + 1;
  }
  return out;
}

std::string candidate_list(const Kickoff& k, const std::vector<Index>& xs, std::size_t limit) {
  std::string out;
  for (std::size_t q = 0; q < xs.size() && q < limit; ++q) {
    out.append(q > 0 ? ", " : "").append(k.candidates()[static_cast<std::size_t>(xs[q])].id);
  }
  if (xs.size() > limit) {
    out.append(" (+").append(std::to_string(xs.size() - limit)).append(")");
  }
  return out;
}

const std::string& company_id(const Kickoff& k, Index j) {
  return k.companies()[static_cast<std::size_t>(j)].id;
}

bool is_refused(const Company& c, Index i) {
  return std::find(c.refused.begin(), c.refused.end(), i) != c.refused.end();
}

}  // namespace

ResultReasons explain_result(const Kickoff& k, const ScoreTable& t, const Assignment& a,
                             Policy policy) {
  check_result(k, a);
  const Index n = k.num_candidates();
  const auto mu = static_cast<std::size_t>(k.num_companies());
  // The company's preference value of a listed pair (company_preference()).
  const ListedPreference preference = listed_company_preference(k, t);
  const auto value = [&preference](Index i, Index j) {
    for (ListedPreference::InnerIterator it(preference, i); it; ++it) {
      if (it.col() == j) {
        return it.value();
      }
    }
    return kForbidden;
  };
  std::vector<std::vector<Index>> roster(mu);
  for (Index i = 0; i < n; ++i) {
    if (a.company[i] != kNone) {
      roster[static_cast<std::size_t>(a.company[i])].push_back(i);
    }
  }
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> cutoff(mu, kInf);
  for (std::size_t j = 0; j < mu; ++j) {
    for (const Index i : roster[j]) {
      cutoff[j] = std::min(cutoff[j], value(i, static_cast<Index>(j)));
    }
  }
  ResultReasons out;
  for (Index i = 0; i < n; ++i) {
    if (a.company[i] != kNone) {
      continue;
    }
    UnplacedReasons u;
    u.candidate = i;
    const auto& wishes = k.candidates()[static_cast<std::size_t>(i)].wishes;
    for (std::size_t r = 0; r < wishes.size(); ++r) {
      const Index j = wishes[r];
      const auto ju = static_cast<std::size_t>(j);
      const Company& c = k.companies()[ju];
      WishReason w;
      w.rank = static_cast<Index>(r);
      w.company = j;
      const Eligibility e = t.eligibility_of(i, j);
      if (c.capacity == 0) {
        w.code = WishOutcome::no_seats;
      } else if (e != Eligibility::eligible) {
        w.code = e == Eligibility::ineligible ? WishOutcome::ineligible : WishOutcome::needs_review;
        for (const Reason& why : explain(k, i, j).reasons) {
          if (why.code != Reason::Code::refused) {
            w.requirements.push_back(why);
          }
        }
      } else if (is_refused(c, i)) {
        w.code = WishOutcome::refused;
      } else if (policy != Policy::stable) {
        // An equally good assignment had the candidate here: the rule decided.
        const auto tie = std::find_if(a.ties.begin(), a.ties.end(), [&](const DecidedTie& d) {
          return d.company == j && std::find(d.lost.begin(), d.lost.end(), i) != d.lost.end();
        });
        if (tie != a.ties.end()) {
          w.code = WishOutcome::tied_objective;
          w.tie_break = TieOrder{a.tie_break, a.seed};
          w.others = tie->won;
        } else {
          w.code = WishOutcome::objective;
          w.others = roster[ju];
        }
      } else {
        const double mine = value(i, j);
        if (mine == cutoff[ju]) {
          w.code = WishOutcome::lost_tie;
          w.tie_break = TieOrder{a.tie_break, a.seed};
          for (const Index x : roster[ju]) {
            if (value(x, j) == mine) {
              w.others.push_back(x);
            }
          }
        } else {
          w.code = WishOutcome::full_preferred;
          w.others = roster[ju];
        }
      }
      u.wishes.push_back(std::move(w));
    }
    out.unplaced.push_back(std::move(u));
  }
  // Empty seats.
  std::vector<Index> free(mu);
  for (std::size_t j = 0; j < mu; ++j) {
    free[j] = k.companies()[j].capacity - static_cast<Index>(roster[j].size());
  }
  std::vector<EmptySeats> seats(mu);
  for (std::size_t j = 0; j < mu; ++j) {
    seats[j].company = static_cast<Index>(j);
    seats[j].free = free[j];
  }
  for (Index i = 0; i < n; ++i) {
    const auto& wishes = k.candidates()[static_cast<std::size_t>(i)].wishes;
    for (std::size_t r = 0; r < wishes.size(); ++r) {
      const auto ju = static_cast<std::size_t>(wishes[r]);
      if (free[ju] <= 0 || a.company[i] == wishes[r]) {  // the seat holders are not the question
        continue;
      }
      EmptySeats& s = seats[ju];
      ++s.applicants;
      if (t.eligibility_of(i, wishes[r]) != Eligibility::eligible) {
        ++s.ineligible;
      } else if (is_refused(k.companies()[ju], i)) {
        ++s.refused;
      } else if (a.company[i] != kNone && a.rank[i] != kNone && a.rank[i] < static_cast<Index>(r)) {
        ++s.placed_higher;
      }
    }
  }
  for (EmptySeats& s : seats) {
    if (s.free <= 0) {
      continue;
    }
    if (s.applicants == 0) {
      s.code = SeatOutcome::no_applicants;
    } else if (s.ineligible == s.applicants) {
      s.code = SeatOutcome::all_ineligible;
    } else if (s.refused == s.applicants) {
      s.code = SeatOutcome::all_refused;
    } else if (s.placed_higher == s.applicants) {
      s.code = SeatOutcome::all_placed_higher;
    } else {
      s.code = SeatOutcome::mixed;
    }
    out.empty_seats.push_back(s);
  }
  // Near misses and invitations.
  std::vector<Index> open;
  for (std::size_t j = 0; j < mu; ++j) {
    if (free[j] > 0) {
      open.push_back(static_cast<Index>(j));
    }
  }
  const std::int64_t searched =
      static_cast<std::int64_t>(out.unplaced.size()) * static_cast<std::int64_t>(open.size());
  const bool limited = searched > kNearMissPairs;
  out.near_misses_listed_only = limited;
  // Invitations are searched among every company with free seats or, above
  // the limit, among those with the most free seats (as many as it allows).
  std::vector<Index> inviting = open;
  if (limited) {
    std::stable_sort(inviting.begin(), inviting.end(), [&](Index x, Index y) {
      return free[static_cast<std::size_t>(x)] > free[static_cast<std::size_t>(y)];
    });
    const std::int64_t most = kInvitationPairs / static_cast<std::int64_t>(out.unplaced.size());
    inviting.resize(
        std::min(inviting.size(), static_cast<std::size_t>(std::max<std::int64_t>(1, most))));
    std::sort(inviting.begin(), inviting.end());
    out.invitations_limited = true;
  }
  out.invitation_companies = static_cast<Index>(inviting.size());
  // A listed table holds the listed pairs; the others are scored here.
  const std::unique_ptr<detail::Scorer> scorer =
      t.listed() && !out.unplaced.empty() && !open.empty() ? std::make_unique<detail::Scorer>(k)
                                                           : nullptr;
  const auto eligibility_at = [&](Index i, Index j) {
    return t.has(i, j) ? t.eligibility_of(i, j) : scorer->eligibility(i, j);
  };
  const auto score_at = [&](Index i, Index j) {
    return t.has(i, j) ? t.score_of(i, j) : scorer->score(i, j);
  };
  std::vector<Index> search;
  for (const UnplacedReasons& u : out.unplaced) {
    const Index i = u.candidate;
    const auto& wishes = k.candidates()[static_cast<std::size_t>(i)].wishes;
    const auto listed = [&](Index j) {
      return std::find(wishes.begin(), wishes.end(), j) != wishes.end();
    };
    search = inviting;  // near misses: every company with free seats, or the listed ones
    if (limited) {
      for (const Index j : wishes) {
        const bool open_seat = free[static_cast<std::size_t>(j)] > 0;
        if (open_seat && !std::binary_search(inviting.begin(), inviting.end(), j)) {
          search.push_back(j);
        }
      }
    }
    std::sort(search.begin(), search.end());
    Invitation inv;
    inv.candidate = i;
    for (const Index j : search) {
      const bool on_list = listed(j);
      const Company& c = k.companies()[static_cast<std::size_t>(j)];
      if (is_refused(c, i)) {
        continue;
      }
      const Eligibility e = eligibility_at(i, j);
      if (e == Eligibility::eligible) {
        if (!on_list) {
          inv.companies.push_back(j);
        }
        continue;
      }
      if (e != Eligibility::ineligible || (limited && !on_list)) {
        continue;
      }
      const std::vector<Reason> why = explain(k, i, j).reasons;
      if (why.size() == 1 && why[0].code != Reason::Code::unknown_value &&
          why[0].code != Reason::Code::refused) {
        out.near_misses.push_back(NearMiss{i, j, why[0], on_list});
      }
    }
    if (!inv.companies.empty()) {
      std::vector<double> fit(inv.companies.size());
      for (std::size_t q = 0; q < fit.size(); ++q) {
        fit[q] = score_at(i, inv.companies[q]);
      }
      std::vector<std::size_t> order(fit.size());
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t x, std::size_t y) { return fit[x] > fit[y]; });
      order.resize(std::min<std::size_t>(order.size(), 5));
      std::vector<Index> best;
      for (const std::size_t q : order) {
        best.push_back(inv.companies[q]);
      }
      inv.companies = std::move(best);
      out.invitations.push_back(std::move(inv));
    }
  }
  return out;
}

std::string requirement_text(const Kickoff& k, const Reason& reason, Lang lang) {
  if (lang == Lang::en) {
    return reason.text;
  }
  const std::string feature = reason.feature == kNone
                                  ? std::string()
                                  : k.features()[static_cast<std::size_t>(reason.feature)].label;
  return fill(template_of("requirement", to_string(reason.code), lang), {{"feature", feature}});
}

std::string wish_reason_text(const Kickoff& k, const WishReason& w, Policy policy, Lang lang) {
  return wish_reason_text(k, w, policy, lang, false);
}

std::string wish_reason_text(const Kickoff& k, const WishReason& w, Policy policy, Lang lang,
                             bool letter) {
  std::string requirements;
  for (const Reason& why : w.requirements) {
    requirements.append(requirements.empty() ? "" : "; ").append(requirement_text(k, why, lang));
  }
  const std::string rule = fill(template_of("rule", to_string(w.tie_break.rule), lang),
                                {{"seed", std::to_string(w.tie_break.seed)}});
  const bool own = letter && !w.others.empty();  // the letter's own text names nobody else
  return fill(template_of(own ? "letter" : "wish", to_string(w.code), lang),
              {{"company", company_id(k, w.company)},
               {"others", candidate_list(k, w.others, 8)},
               {"requirements", requirements},
               {"rule", rule},
               {"policy", std::string(to_string(policy))},
               {"objective", std::string(template_of("objective", to_string(policy), lang))}});
}

std::string empty_seats_text(const Kickoff& k, const EmptySeats& s, Lang lang) {
  return fill(template_of("seat", to_string(s.code), lang),
              {{"company", company_id(k, s.company)},
               {"free", std::to_string(s.free)},
               {"applicants", std::to_string(s.applicants)},
               {"ineligible", std::to_string(s.ineligible)},
               {"refused", std::to_string(s.refused)},
               {"placed_higher", std::to_string(s.placed_higher)}});
}

std::string format_reasons(const Kickoff& k, const ResultReasons& reasons, Policy policy, Lang lang,
                           bool summary) {
  std::ostringstream out;
  const auto heading = [&](std::string_view code, std::size_t count) {
    out << "\n" << template_of("heading", code, lang) << ": " << count << "\n";
  };
  if (summary) {
    std::map<std::string_view, std::int64_t> wishes;
    for (const UnplacedReasons& u : reasons.unplaced) {
      if (u.wishes.empty()) {
        ++wishes["no_wishes"];
      }
      for (const WishReason& w : u.wishes) {
        ++wishes[to_string(w.code)];
      }
    }
    std::map<std::string_view, std::int64_t> seats;
    for (const EmptySeats& e : reasons.empty_seats) {
      ++seats[to_string(e.code)];
    }
    const auto counts = [&](const std::map<std::string_view, std::int64_t>& by_code) {
      for (const auto& [code, count] : by_code) {
        out << "  " << code << ": " << count << "\n";
      }
    };
    heading("unplaced", reasons.unplaced.size());
    counts(wishes);
    heading("empty_seats", reasons.empty_seats.size());
    counts(seats);
    heading("near_misses", reasons.near_misses.size());
    heading("invitations", reasons.invitations.size());
    return out.str();
  }
  heading("unplaced", reasons.unplaced.size());
  for (const UnplacedReasons& u : reasons.unplaced) {
    out << "  " << k.candidates()[static_cast<std::size_t>(u.candidate)].id << "\n";
    if (u.wishes.empty()) {
      out << "    " << template_of("candidate", "no_wishes", lang) << "\n";
    }
    for (const WishReason& w : u.wishes) {
      out << "    " << ordinal_wish(w.rank, lang) << ": " << wish_reason_text(k, w, policy, lang)
          << "\n";
    }
  }
  heading("empty_seats", reasons.empty_seats.size());
  for (const EmptySeats& s : reasons.empty_seats) {
    out << "  " << empty_seats_text(k, s, lang) << "\n";
  }
  heading("near_misses", reasons.near_misses.size());
  if (reasons.near_misses_listed_only) {
    out << "  " << template_of("heading", "listed_only", lang) << "\n";
  }
  // By company: those who applied one by one (with the requirement), the
  // others as a list.
  for (const EmptySeats& s : reasons.empty_seats) {
    std::vector<const NearMiss*> applied;
    std::vector<std::string> others;
    for (const NearMiss& m : reasons.near_misses) {
      if (m.company != s.company) {
        continue;
      }
      if (m.listed) {
        applied.push_back(&m);
      } else {
        others.push_back(k.candidates()[static_cast<std::size_t>(m.candidate)].id);
      }
    }
    if (applied.empty() && others.empty()) {
      continue;
    }
    out << "  "
        << fill(template_of("line", "near_miss_company", lang),
                {{"company", company_id(k, s.company)}, {"free", std::to_string(s.free)}})
        << "\n";
    for (const NearMiss* m : applied) {
      out << "    "
          << fill(template_of("line", "near_miss_applied", lang),
                  {{"candidate", k.candidates()[static_cast<std::size_t>(m->candidate)].id},
                   {"requirement", requirement_text(k, m->requirement, lang)}})
          << "\n";
    }
    if (!others.empty()) {
      out << "    "
          << fill(template_of("line", "near_miss_other", lang),
                  {{"count", std::to_string(others.size())}})
          << "\n";
      detail::wrap(out, others, 100, "      ");
    }
  }
  heading("invitations", reasons.invitations.size());
  if (reasons.invitations_limited) {
    out << "  "
        << fill(template_of("heading", "invitations_limited", lang),
                {{"count", std::to_string(reasons.invitation_companies)}})
        << "\n";
  }
  for (const Invitation& inv : reasons.invitations) {
    std::string companies;
    for (const Index j : inv.companies) {
      companies.append(companies.empty() ? "" : ", ").append(company_id(k, j));
    }
    out << "  "
        << fill(template_of("line", "invitation", lang),
                {{"candidate", k.candidates()[static_cast<std::size_t>(inv.candidate)].id},
                 {"companies", companies}})
        << "\n";
  }
  return out.str();
}

}  // namespace kobling
