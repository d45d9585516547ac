// python/bindings/kickoff_core.hpp — the native kick-off object the binding
// files share (kickoff.cpp defines its methods; fit.cpp takes and returns it).
#pragma once

#include <cstdint>
#include <memory>

#include "kobling/model.hpp"
#include "kobling/scoring.hpp"

namespace kobling::python {

// A kick-off with its score tables computed on first use: the listed one
// (the wishes: what match, compare, reports, reasons and shortlists read) and
// the dense one (only for explicit requests: scores, eligibility, the
// matrices; never for top_k, which works in blocks). Call them with the GIL
// held: the GIL serialises the lazy initialisation.
struct KickoffCore {
  Kickoff kickoff;
  std::int64_t max_dense_bytes = ScoreOptions{}.max_dense_bytes;
  std::shared_ptr<ScoreTable> cached;
  std::shared_ptr<ScoreTable> cached_listed;
  explicit KickoffCore(Kickoff k) : kickoff(std::move(k)) {}
  const ScoreTable& table() {
    if (!cached) {
      cached = std::make_shared<ScoreTable>(score_all(kickoff, ScoreOptions{max_dense_bytes}));
    }
    return *cached;
  }
  const ScoreTable& listed() {
    if (!cached_listed) {
      cached_listed = std::make_shared<ScoreTable>(score_listed(kickoff));
    }
    return *cached_listed;
  }
};

}  // namespace kobling::python
