#include "kobling/handouts.hpp"

#include <cstdio>
#include <set>
#include <sstream>

#include "common/text.hpp"
#include "kobling/json_io.hpp"

namespace kobling {

namespace {

using detail::csv_cell;

std::string who(const Candidate& c) { return c.name.empty() ? c.id : c.name + " (" + c.id + ")"; }

std::string where(const Company& c) { return c.name.empty() ? c.id : c.name + " (" + c.id + ")"; }

// The file name an id gets: letters, digits, '.', '-' and '_' kept, the rest
// '_'; never "." or "..".
std::string safe_name(const std::string& id) {
  std::string out;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    out += ok ? c : '_';
  }
  return out.find_first_not_of('.') == std::string::npos ? "_" + out : out;
}

}  // namespace

std::string placements_csv(const Kickoff& k, const ScoreTable& t, const Assignment& a) {
  check_result(k, a);
  std::ostringstream out;
  out << "candidate,name,company,company_name,wish,score\n";
  for (Index i = 0; i < k.num_candidates(); ++i) {
    const Candidate& c = k.candidate(i);
    out << csv_cell(c.id) << "," << csv_cell(c.name) << ",";
    const Index j = a.company[i];
    if (j != kNone) {
      out << csv_cell(k.company(j).id) << "," << csv_cell(k.company(j).name) << ",";
      if (a.rank[i] != kNone) {
        out << a.rank[i] + 1;
      }
      out << ",";
      if (t.has(i, j)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.4f", t.score_of(i, j));
        out << buf;
      }
    } else {
      out << ",,,";
    }
    out << "\n";
  }
  return out.str();
}

std::string company_roster(const Kickoff& k, const Assignment& a, const ResultReasons& reasons,
                           Index j, Lang lang) {
  check_result(k, a);
  const Company& c = k.company(j);
  const bool nb = lang == Lang::nb;
  std::ostringstream out;
  out << (k.name().empty() ? std::string(nb ? "Oppstart" : "Kick-off") : k.name())
      << (nb ? ": deltakerliste\n\n" : ": roster\n\n");
  out << where(c) << (c.sector.empty() ? "" : ", " + c.sector) << "\n";
  std::vector<Index> placed;
  for (Index i = 0; i < k.num_candidates(); ++i) {
    if (a.company[i] == j) {
      placed.push_back(i);
    }
  }
  out << (nb ? "Plasser " : "Seats ") << c.capacity << (nb ? ", fylt " : ", filled ")
      << placed.size() << "\n\n";
  for (const Index i : placed) {
    out << "  " << who(k.candidate(i));
    if (a.rank[i] != kNone) {
      out << " - " << ordinal_wish(a.rank[i], lang) << (nb ? " ønske" : " wish");
    }
    out << "\n";
  }
  for (const EmptySeats& s : reasons.empty_seats) {
    if (s.company == j) {
      out << "\n"
          << (nb ? "Ledige plasser: " : "Empty seats: ") << empty_seats_text(k, s, lang) << "\n";
    }
  }
  return out.str();
}

std::string candidate_letter(const Kickoff& k, const Assignment& a, const ResultReasons& reasons,
                             Policy policy, Index i, Lang lang) {
  check_result(k, a);
  const Candidate& c = k.candidate(i);
  const bool nb = lang == Lang::nb;
  std::ostringstream out;
  out << (k.name().empty() ? std::string(nb ? "Oppstart" : "Kick-off") : k.name())
      << (nb ? ": ditt resultat\n\n" : ": your result\n\n") << who(c) << "\n\n";
  const Index j = a.company[i];
  if (j != kNone) {
    out << (nb ? "Du har fått plass hos " : "You have a place at ") << where(k.company(j));
    if (a.rank[i] != kNone) {
      out << (nb ? ", ditt " : ", your ") << ordinal_wish(a.rank[i], lang)
          << (nb ? " ønske" : " wish");
    }
    out << ".\n";
    return out.str();
  }
  out << (nb ? "Du har ikke fått plass i denne runden." : "You have no place after this round.")
      << "\n";
  for (const UnplacedReasons& u : reasons.unplaced) {
    if (u.candidate != i) {
      continue;
    }
    if (u.wishes.empty()) {
      out << (nb ? "Du hadde ikke ført opp noen bedrift.\n" : "You listed no company.\n");
    } else {
      out << (nb ? "Hvorfor, ønske for ønske:\n" : "Why, wish by wish:\n");
    }
    for (const WishReason& w : u.wishes) {
      out << "  " << ordinal_wish(w.rank, lang) << (nb ? " ønske: " : " wish: ")
          << wish_reason_text(k, w, policy, lang, true) << "\n";
    }
  }
  for (const Invitation& inv : reasons.invitations) {
    if (inv.candidate != i) {
      continue;
    }
    out << (nb ? "\nBedrifter med ledige plasser der du er kvalifisert (andre runde):\n"
               : "\nCompanies with free seats that you qualify for (the second round):\n");
    for (const Index x : inv.companies) {
      out << "  " << where(k.company(x)) << "\n";
    }
  }
  return out.str();
}

std::vector<std::pair<std::string, std::string>> handout_files(
    const Kickoff& k, const ScoreTable& t, const Assignment& a, const ResultReasons& reasons,
    Policy policy, std::string_view label, Lang lang) {
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back("result.json", result_to_json(k, a, label, &reasons, lang).dump(2) + "\n");
  files.emplace_back("placements.csv", placements_csv(k, t, a));
  // Names compared without case: on a file system that ignores it (macOS,
  // Windows), "K01" and "k01" would be one file.
  std::set<std::string> used;
  const auto lower = [](std::string s) {
    for (char& c : s) {
      c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return s;
  };
  const auto file_of = [&](const std::string& folder, const std::string& id) {
    const std::string base = folder + "/" + safe_name(id);
    std::string name = base + ".txt";
    for (int n = 2; !used.insert(lower(name)).second; ++n) {
      name = base + "-" + std::to_string(n) + ".txt";
    }
    return name;
  };
  for (Index j = 0; j < k.num_companies(); ++j) {
    files.emplace_back(file_of("companies", k.company(j).id),
                       company_roster(k, a, reasons, j, lang));
  }
  for (Index i = 0; i < k.num_candidates(); ++i) {
    files.emplace_back(file_of("candidates", k.candidate(i).id),
                       candidate_letter(k, a, reasons, policy, i, lang));
  }
  return files;
}

}  // namespace kobling
