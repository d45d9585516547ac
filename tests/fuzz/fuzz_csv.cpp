// Fuzz target: the CSV loader (three files separated by NUL bytes in the
// input), then the same checks as the JSON target.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"
#include "kickoff_checks.hpp"
#include "kobling/csv_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kobling;
  const std::string all(reinterpret_cast<const char*>(data), size);
  CsvKickoff in;
  const auto a = all.find('\0');
  const auto b = a == std::string::npos ? a : all.find('\0', a + 1);
  if (b == std::string::npos) {
    in.companies = all;
    in.candidates = "id\n";
  } else {
    in.features = all.substr(0, a);
    in.companies = all.substr(a + 1, b - a - 1);
    in.candidates = all.substr(b + 1);
  }
  Kickoff k;
  if (!fuzz::expect_success_or_kobling_error([&] { k = parse_kickoff_csv(in); })) {
    return 0;
  }
  fuzz::check_kickoff(k);
  return 0;
}
