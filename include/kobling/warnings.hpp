// kobling/warnings.hpp — the silent choices a kick-off would make, said aloud.
//
// Some inputs are valid yet almost surely not what the coordinator meant, and
// the engine would otherwise decide them without a word: a company whose
// weights are all 0 scores everyone 0, so its ranking and then the lottery fill
// its seats; a company with 0 seats that candidates still list; an interview
// ranking that names a candidate who never applied there, or one who cannot be
// placed there (a requirement fails, or the company refused them), so the
// ranking place does nothing; a feature whose values are recorded but that no
// company weighs, targets or requires, nor any bound uses; a candidate none of
// whose wishes can ever be a placement. Each is a Warning: a catalogue id
// (kobling.warn.*), the place (the company, candidate or feature) and the text.
//
// kickoff_warnings() finds them in O(n·k + m·F + ranked) from the listed
// pairs. The CLI prints them to standard error, one line each ("kobling:
// warning: [id] place: text"; at most kWarningLines per id, then a count),
// and --strict makes any of them an error (exit 2) before the match; Python
// issues them with warnings.warn as kobling.KoblingWarning (turn them into
// errors with warnings.simplefilter("error", kobling.KoblingWarning)).
//
// Thread safety: a pure function of immutable inputs.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "kobling/model.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

struct Warning {
  std::string id;     ///< catalogue id, e.g. "kobling.warn.zero_weights"
  std::string place;  ///< what it concerns, e.g. company "k03"
  std::string text;   ///< what will happen, and why it is probably not meant
  /// "[id] place: text", the form errors take.
  [[nodiscard]] std::string message() const { return "[" + id + "] " + place + ": " + text; }
};

/// Lines the CLI prints per warning id before it counts the rest.
inline constexpr std::size_t kWarningLines = 10;

/// The kick-off's silent choices, by id, then in model order. `table` may be
/// listed (score_listed) or dense.
std::vector<Warning> kickoff_warnings(const Kickoff& kickoff, const ScoreTable& table);

}  // namespace kobling
