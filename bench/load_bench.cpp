// Loading a kick-off (Google Benchmark): the same seeded kick-off as JSON text
// and as CSV text, at 100,000, 200,000 and 1,000,000 candidates (1,000
// companies; five features of every kind but location; three wishes each).
// Separate from kobling_bench because one load of a million candidates takes
// seconds; bench/compare_peers.py runs it (variant L) and checks that loading
// is linear (twice the candidates, about twice the time) and that JSON loads
// within 3x of CSV.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "kobling/csv_io.hpp"
#include "kobling/json_io.hpp"

namespace {

constexpr int kCompanies = 1000;
const char* const kLevels[] = {"A1", "A2", "B1", "B2", "C1", "C2"};

struct Texts {
  std::string json;
  kobling::CsvKickoff csv;
};

// Appends the pieces (one call instead of operator+ chains, which trip a
// GCC 12 -Wrestrict false positive).
void append(std::string& out, std::initializer_list<std::string_view> pieces) {
  for (const std::string_view p : pieces) {
    out += p;
  }
}

// "k12": a prefix and a number (appended, not "k" + to_string: see append).
std::string tag(const char* prefix, int value) {
  std::string s = prefix;
  s += std::to_string(value);
  return s;
}

// SplitMix64: the same texts on every platform.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

Texts make_texts(int n) {
  Random rng{7};
  Texts t;
  std::string& j = t.json;
  j.reserve(static_cast<std::size_t>(n) * 200);
  j +=
      R"({"name": "load benchmark", "features": [)"
      R"({"name": "motivation", "kind": "numeric", "min": 0, "max": 5},)"
      R"({"name": "norwegian", "kind": "ordinal", "levels": ["A1", "A2", "B1", "B2", "C1", "C2"]},)"
      R"({"name": "licence", "kind": "boolean"},)"
      R"({"name": "municipality", "kind": "categorical"},)"
      R"({"name": "skills", "kind": "skills"}], "companies": [)";
  t.csv.features =
      "name,kind,label,min,max,levels\nmotivation,numeric,,0,5,\n"
      "norwegian,ordinal,,,,A1;A2;B1;B2;C1;C2\nlicence,boolean,,,,\n"
      "municipality,categorical,,,,\nskills,skills,,,,\n";
  t.csv.companies = "id,capacity,weight.motivation,weight.norwegian,target.municipality\n";
  for (int c = 0; c < kCompanies; ++c) {
    const std::string id = tag("k", c);
    const std::string cap = std::to_string(1 + rng.below(5));
    const std::string code = std::to_string(50 + rng.below(10));
    append(j, {c ? "," : "", R"({"id": ")", id, R"(", "capacity": )", cap,
               R"(, "weights": {"motivation": 2, "norwegian": 1, "municipality": 1}, )",
               R"("targets": {"municipality": [")", code, R"("]}})"});
    append(t.csv.companies, {id, ",", cap, ",2,1,", code, "\n"});
  }
  j += R"(], "candidates": [)";
  t.csv.candidates = "id,motivation,norwegian,licence,municipality,skills,wish_1,wish_2,wish_3\n";
  for (int i = 0; i < n; ++i) {
    const std::string id = tag("c", i);
    const std::string motivation = std::to_string(rng.below(6));
    const std::string level = kLevels[rng.below(6)];
    const bool licence = rng.below(2) == 1;
    const std::string municipality = std::to_string(5000 + rng.below(1000));
    const std::string skill = tag("s", rng.below(50));
    std::string wishes[3];
    for (auto& w : wishes) {
      w = tag("k", rng.below(kCompanies));
    }
    if (wishes[1] == wishes[0]) {
      wishes[1] = wishes[0] == "k0" ? "k1" : "k0";
    }
    if (wishes[2] == wishes[0] || wishes[2] == wishes[1]) {
      wishes[2] = "k2";
      if (wishes[2] == wishes[0] || wishes[2] == wishes[1]) {
        wishes[2] = "k3";
      }
    }
    j += std::string(i ? "," : "") + R"({"id": ")" + id + R"(", "features": {"motivation": )" +
         motivation + R"(, "norwegian": ")" + level + R"(", "licence": )" +
         (licence ? "true" : "false") + R"(, "municipality": ")" + municipality +
         R"(", "skills": [")" + skill + R"("]}, "preferences": [")" + wishes[0] + R"(", ")" +
         wishes[1] + R"(", ")" + wishes[2] + R"("]})";
    t.csv.candidates += id + "," + motivation + "," + level + "," + (licence ? "true" : "false") +
                        "," + municipality + "," + skill + "," + wishes[0] + "," + wishes[1] + "," +
                        wishes[2] + "\n";
  }
  j += "]}";
  return t;
}

const Texts& texts(int n) {
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<Texts>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[n];
  if (!slot) {
    slot = std::make_unique<Texts>(make_texts(n));
  }
  return *slot;
}

void BM_LoadJson(benchmark::State& state) {
  const Texts& t = texts(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const kobling::Kickoff k = kobling::parse_kickoff(t.json);
    benchmark::DoNotOptimize(k.num_candidates());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(t.json.size()));
}

void BM_LoadCsv(benchmark::State& state) {
  const Texts& t = texts(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const kobling::Kickoff k = kobling::parse_kickoff_csv(t.csv);
    benchmark::DoNotOptimize(k.num_candidates());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_LoadJson)
    ->Arg(100000)
    ->Arg(200000)
    ->Arg(1000000)
    ->Iterations(1)
    ->Repetitions(3)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadCsv)
    ->Arg(100000)
    ->Arg(200000)
    ->Arg(1000000)
    ->Iterations(1)
    ->Repetitions(3)
    ->Unit(benchmark::kMillisecond);

}  // namespace
