// Fuzz target: the JSON kick-off loader, then scoring and every policy on
// whatever loads, with results verified.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_common.hpp"
#include "kickoff_checks.hpp"
#include "kobling/json_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kobling;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Kickoff k;
  if (!fuzz::expect_success_or_kobling_error([&] { k = parse_kickoff(text); })) {
    return 0;
  }
  fuzz::check_kickoff(k);
  return 0;
}
