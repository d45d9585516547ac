#include "kobling/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/splitmix.hpp"
#include "common/text.hpp"
#include "kobling/errors.hpp"

namespace kobling {

namespace {

using Stream = detail::SplitMix64;

}  // namespace

SyntheticMarket make_synthetic_market(const SyntheticOptions& o) {
  if (o.candidates < 0 || o.companies < 0 || o.wishes < 0 || o.features < 1) {
    throw InvalidArgument("kobling.synthetic.bad_option", "SyntheticOptions",
                          "sizes must be non-negative and features >= 1");
  }
  for (const double p : {o.refusal, o.empty_list}) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw InvalidArgument("kobling.synthetic.bad_option", "SyntheticOptions",
                            "probabilities must be in [0, 1], got " + detail::num(p));
    }
  }
  if (!std::isfinite(o.zipf) || o.zipf < 0.0) {
    throw InvalidArgument("kobling.synthetic.bad_option", "SyntheticOptions.zipf",
                          "must be finite and >= 0, got " + detail::num(o.zipf));
  }
  const Index n = o.candidates;
  const Index m = o.companies > 0 ? o.companies : std::max<Index>(10, n / 10);
  const Index k = std::min(o.wishes, m);
  const Index d = o.features;
  Stream rng(o.seed);
  SyntheticMarket mk;

  mk.capacities.resize(m);
  for (Index j = 0; j < m; ++j) {
    // 1..5 seats with P = .10 .15 .20 .25 .30 (mean 3.5).
    const double u = rng.uniform();
    mk.capacities[j] = u < 0.10 ? 1 : u < 0.25 ? 2 : u < 0.45 ? 3 : u < 0.70 ? 4 : 5;
  }
  mk.features.resize(n, d);
  for (Index i = 0; i < n; ++i) {
    for (Index f = 0; f < d; ++f) {
      mk.features(i, f) = rng.uniform();
    }
  }
  mk.weights.resize(m, d);
  for (Index j = 0; j < m; ++j) {
    double total = 0.0;
    for (Index f = 0; f < d; ++f) {
      mk.weights(j, f) = rng.uniform();
      total += mk.weights(j, f);
    }
    mk.weights.row(j) /= total;
  }
  if (o.dense_scores) {
    mk.scores.noalias() = mk.features * mk.weights.transpose();
  }

  // Zipf popularity over a random permutation of companies.
  std::vector<Index> order(static_cast<std::size_t>(m));
  for (Index j = 0; j < m; ++j) {
    order[static_cast<std::size_t>(j)] = j;
  }
  for (Index j = m - 1; j > 0; --j) {
    std::swap(order[static_cast<std::size_t>(j)],
              order[static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(j) + 1))]);
  }
  std::vector<double> cumulative(static_cast<std::size_t>(m));
  double acc = 0.0;
  for (Index r = 0; r < m; ++r) {
    acc += 1.0 / std::pow(static_cast<double>(r) + 1.0, o.zipf);
    cumulative[static_cast<std::size_t>(r)] = acc;
  }

  mk.preferences = PreferenceMatrix::Constant(n, k, kNone);
  std::vector<Eigen::Triplet<double, Index>> listed;
  listed.reserve(static_cast<std::size_t>(n) * static_cast<std::size_t>(k));
  std::vector<Index> chosen;
  for (Index i = 0; i < n; ++i) {
    if (o.empty_list > 0.0 && rng.uniform() < o.empty_list) {
      continue;
    }
    chosen.clear();
    int attempts = 0;
    while (static_cast<Index>(chosen.size()) < k && attempts < 64 * (k + 1)) {
      ++attempts;
      const double x = rng.uniform() * acc;
      const auto r = static_cast<std::size_t>(
          std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
      const Index j = order[std::min(r, cumulative.size() - 1)];
      if (std::find(chosen.begin(), chosen.end(), j) == chosen.end()) {
        chosen.push_back(j);
      }
    }
    for (std::size_t r = 0; r < chosen.size(); ++r) {
      const Index j = chosen[r];
      mk.preferences(i, static_cast<Index>(r)) = j;
      double s = mk.features.row(i).dot(mk.weights.row(j));
      if (o.refusal > 0.0 && rng.uniform() < o.refusal) {
        s = kForbidden;
        if (o.dense_scores) {
          mk.scores(i, j) = kForbidden;
        }
      }
      listed.emplace_back(i, j, s);
    }
  }
  mk.listed_scores.resize(n, m);
  mk.listed_scores.setFromTriplets(listed.begin(), listed.end());
  mk.listed_scores.makeCompressed();
  return mk;
}

}  // namespace kobling
