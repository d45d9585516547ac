// Consumer smoke test: the public API through the installed headers and library.
#include <kobling/kobling.hpp>

#include <iostream>

int main(int argc, char** argv) {
  kobling::PreferenceMatrix prefs(3, 2);
  prefs << 0, 1, 0, -1, 1, 0;
  kobling::ScoreMatrix scores(3, 2);
  scores << 2, 3, 3, 0, 1, 1;
  kobling::CapacityVector caps(2);
  caps << 1, 1;
  const kobling::Assignment a = kobling::stable_assignment(prefs, scores, caps);
  if (a.company[0] != 1 || a.company[1] != 0 || a.company[2] != -1) {
    std::cerr << "unexpected assignment\n";
    return 1;
  }
  if (kobling::blocking_pairs(prefs, scores, caps, a.company).rows() != 0) {
    std::cerr << "blocking pairs\n";
    return 1;
  }
  if (argc > 1) {
    const kobling::Kickoff k = kobling::load_kickoff(argv[1]);
    const kobling::ScoreTable t = kobling::score_all(k);
    const kobling::Assignment r = kobling::match(k, t, {kobling::Policy::rank_maximal});
    std::cout << "kobling " << kobling::kVersion << ": placed " << r.placed << " of "
              << k.num_candidates() << "\n";
  }
  try {
    (void)kobling::load_kickoff("/nonexistent.json");
    return 1;
  } catch (const kobling::ParseError& e) {
    std::cout << "errors are typed: " << e.id() << "\n";
  }
  return 0;
}
